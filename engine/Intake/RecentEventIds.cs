namespace RiskTriggers.Engine.Intake;

/// <summary>
/// The last N event ids an intake accepted, to answer "duplicate" at once. Bounded: the oldest id is forgotten
/// first. It is only a fast first check; the engine dedups per interaction over its full horizon too.
/// </summary>
public sealed class RecentEventIds(int capacity = RecentEventIds.DefaultCapacity)
{
    /// <summary>Ids remembered when no capacity is given. Default 100,000.</summary>
    public const int DefaultCapacity = 100_000;

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

    /// <summary>Forgets an id whose event could not be passed on, so a retry is not taken for a duplicate.</summary>
    public void Forget(string eventId)
    {
        lock (_gate)
            _ids.Remove(eventId);
    }
}
