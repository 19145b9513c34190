namespace RiskTriggers.Host.Ingestion;

/// <summary>
/// The last N event ids ingestion accepted, to answer "duplicate" at once. Bounded: the oldest id is forgotten
/// first. It is only a fast first check; the engine's store dedups over its full horizon.
/// </summary>
internal sealed class RecentEventIds(int capacity)
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    /// <summary>Remembers the id; false if it is already remembered.</summary>
    public bool TryAdd(string eventId)
    {
        lock (_gate)
        {
            if (!_ids.Add(eventId))
                return false;
            _order.Enqueue(eventId);
            while (_order.Count > capacity)
                _ids.Remove(_order.Dequeue());
            return true;
        }
    }

    /// <summary>Forgets an id whose event could not be queued, so a retry is not taken for a duplicate.</summary>
    public void Forget(string eventId)
    {
        lock (_gate)
            _ids.Remove(eventId);
    }
}
