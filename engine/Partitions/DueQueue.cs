namespace RiskTriggers.Engine.Partitions;

/// <summary>
/// A partition's timer entries, earliest first: a binary min-heap ordered by the due time each entry carries.
/// Not a <c>PriorityQueue&lt;DueWork, long&gt;</c>: that stores the time twice (entry and priority), 48 bytes an
/// entry instead of 32, for ~80k entries at the generated day's peak (one housekeeping entry per customer held).
/// Entries due at the same tick come out in no set order; <see cref="DueWork.Compare"/> orders them after.
/// </summary>
internal sealed class DueQueue
{
    private const int MinCapacity = 16;
    private DueWork[] _heap = [];

    public int Count { get; private set; }

    public bool TryPeek(out DueWork next)
    {
        next = Count > 0 ? _heap[0] : default;
        return Count > 0;
    }

    public void Enqueue(DueWork work)
    {
        if (Count == _heap.Length)
            Array.Resize(ref _heap, Math.Max(MinCapacity, Count * 2));
        var at = Count++;
        while (at > 0)
        {
            var parent = (at - 1) / 2;
            if (_heap[parent].DueUtcTicks <= work.DueUtcTicks)
                break;
            _heap[at] = _heap[parent];
            at = parent;
        }
        _heap[at] = work;
    }

    public DueWork Dequeue()
    {
        if (Count == 0)
            throw new InvalidOperationException("The timer queue is empty.");
        var first = _heap[0];
        var last = _heap[--Count];
        _heap[Count] = default; // no customer kept alive by a slot past the end
        if (Count > 0)
            SiftDown(last);
        if (_heap.Length > MinCapacity && Count < _heap.Length / 4)
            Array.Resize(ref _heap, _heap.Length / 2); // gives back the room of a burst that passed
        return first;
    }

    private void SiftDown(DueWork work)
    {
        var at = 0;
        while (true)
        {
            var child = 2 * at + 1;
            if (child >= Count)
                break;
            if (child + 1 < Count && _heap[child + 1].DueUtcTicks < _heap[child].DueUtcTicks)
                child++;
            if (work.DueUtcTicks <= _heap[child].DueUtcTicks)
                break;
            _heap[at] = _heap[child];
            at = child;
        }
        _heap[at] = work;
    }
}
