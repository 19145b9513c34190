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
    // The window in arrival order (a ring) and the same hashes as a set. A forgotten id stays in the ring until
    // it ages out, as it did in the queue this replaces, so what is remembered is unchanged.
    private readonly ulong[] _order = new ulong[Math.Max(capacity, 1)];
    private readonly HashSlots _ids = new(Math.Max(capacity, 1) + 1);
    private int _oldest;
    private int _held;

    /// <summary>Remembers the id; false if it is already remembered.</summary>
    public bool TryAdd(string eventId)
    {
        if (capacity <= 0)
            return true; // remembers nothing, as before
        var hash = Partitions.EventIdSet.Hash(eventId);
        lock (_gate)
        {
            if (!_ids.Add(hash))
                return false;
            if (_held == _order.Length)
            {
                _ids.Remove(_order[_oldest]);
                _order[_oldest] = hash;
                _oldest = (_oldest + 1) % _order.Length;
            }
            else
                _order[(_oldest + _held++) % _order.Length] = hash;
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
