namespace RiskTriggers.Engine.Intake;

/// <summary>
/// The last N event ids an intake accepted, to answer "duplicate" at once. Bounded: the oldest id is forgotten
/// first. It is only a fast first check; the engine dedups per interaction over its full horizon too.
/// Ids are kept as 64-bit stable hashes (<see cref="Partitions.EventIdSet.Hash"/>), not the strings: a string
/// held for the last 100,000 events outlives the young generation and dies old, and on a day of events that
/// churn was a large share of the collector's work. A false duplicate would need two of the remembered ids to
/// share a 64-bit hash (about 3 in 10^10 for a full window).
/// </summary>
public sealed class RecentEventIds(int capacity = RecentEventIds.DefaultCapacity)
{
    /// <summary>Ids remembered when no capacity is given. Default 100,000.</summary>
    public const int DefaultCapacity = 100_000;

    private readonly Lock _gate = new();
    private readonly HashSet<ulong> _ids = [];
    private readonly Queue<ulong> _order = new();

    /// <summary>Remembers the id; false if it is already remembered.</summary>
    public bool TryAdd(string eventId)
    {
        var hash = Partitions.EventIdSet.Hash(eventId);
        lock (_gate)
        {
            if (!_ids.Add(hash))
                return false;
            _order.Enqueue(hash);
            while (_order.Count > capacity)
                _ids.Remove(_order.Dequeue());
            return true;
        }
    }

    /// <summary>Forgets an id whose event could not be passed on, so a retry is not taken for a duplicate.</summary>
    public void Forget(string eventId)
    {
        var hash = Partitions.EventIdSet.Hash(eventId);
        lock (_gate)
            _ids.Remove(hash);
    }
}
