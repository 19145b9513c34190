namespace RiskTriggers.Host.Alerts;

/// <summary>
/// The alert book in process memory, behind one lock. Bounded: past <c>capacity</c> the oldest resolved alerts
/// go first; if every alert is still open, the oldest of all goes (and the caller logs it).
/// </summary>
internal sealed class InMemoryAlertBook(int capacity) : IAlertBook
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, AlertRecord> _alerts = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _arrivalOrder = new();
    private readonly Dictionary<string, LinkedListNode<string>> _arrivalNodes = new(StringComparer.Ordinal);
    private readonly Queue<string> _resolvedOrder = new();
    private int _open;

    public bool RecordsChanges => false;

    public int OpenCount => Volatile.Read(ref _open);

    /// <summary>Alerts evicted while still open because the book was full of unresolved alerts.</summary>
    public long EvictedOpen { get; private set; }

    public ValueTask<bool> AddAsync(AlertRecord record, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (!_alerts.TryAdd(record.AlertId, record))
                return ValueTask.FromResult(false);
            _arrivalNodes[record.AlertId] = _arrivalOrder.AddLast(record.AlertId);
            _open++;
            while (_alerts.Count > capacity)
                Evict();
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<AlertRecord?> GetAsync(string alertId, CancellationToken ct = default)
    {
        lock (_gate)
            return ValueTask.FromResult(_alerts.GetValueOrDefault(alertId));
    }

    public ValueTask<IReadOnlyList<AlertRecord>> ListAsync(AlertQuery query, CancellationToken ct = default)
    {
        AlertRecord[] all;
        lock (_gate)
            all = [.. _alerts.Values];
        return ValueTask.FromResult(query.Apply(all));
    }

    public ValueTask<AlertChange> AcknowledgeAsync(string alertId, string by, DateTimeOffset now, CancellationToken ct = default) =>
        Change(alertId, record => AlertChange.Acknowledge(record, by, now));

    public ValueTask<AlertChange> ResolveAsync(
        string alertId, string by, AlertOutcome outcome, string? note, DateTimeOffset now, CancellationToken ct = default) =>
        Change(alertId, record => AlertChange.Resolve(record, by, outcome, note, now));

    public ValueTask<AlertChange> EscalateAsync(string alertId, DateTimeOffset at, CancellationToken ct = default) =>
        Change(alertId, record => AlertChange.Escalate(record, at));

    private ValueTask<AlertChange> Change(string alertId, Func<AlertRecord, AlertChange> change)
    {
        lock (_gate)
        {
            if (!_alerts.TryGetValue(alertId, out var record))
                return ValueTask.FromResult(AlertChange.NotFound);
            var result = change(record);
            if (result.Outcome == AlertChangeOutcome.Changed)
            {
                _alerts[alertId] = result.Record!;
                if (result.Record!.Status == AlertStatus.Resolved)
                {
                    _open--;
                    _resolvedOrder.Enqueue(alertId);
                }
            }
            return ValueTask.FromResult(result);
        }
    }

    private void Evict()
    {
        while (_resolvedOrder.TryDequeue(out var id))
        {
            if (Remove(id))
                return;
        }
        // Nothing resolved to let go of: the oldest alert goes, open or not, so memory stays bounded.
        var oldest = _arrivalOrder.First!.Value;
        if (_alerts[oldest].Status != AlertStatus.Resolved)
        {
            _open--;
            EvictedOpen++;
        }
        Remove(oldest);
    }

    private bool Remove(string id)
    {
        if (!_alerts.Remove(id))
            return false;
        _arrivalOrder.Remove(_arrivalNodes[id]);
        _arrivalNodes.Remove(id);
        return true;
    }
}
