namespace RiskTriggers.Engine.Partitions;

/// <summary>
/// Everything the engine remembers about one customer: their interactions (open, or closed and still kept
/// for dedup), inquiry windows per topic, and alerts waiting to be acknowledged. Owned by one partition.
/// </summary>
internal sealed class CustomerState(string customerId)
{
    public string CustomerId { get; } = customerId;

    // Most customers never have a window or an alert waiting: those collections are made when first written
    // (read through the ...OrNone views), a third of the memory of an open interaction otherwise.
    // Windows in an exact-size array, not a dictionary by topic: a customer asks about one or two topics, and a
    // dictionary (with its entries, buckets and value view) was ~240 bytes of every customer who ever asked.
    private InquiryWindow[]? _windows;
    private List<PendingAck>? _pendingAcks;

    public CustomerInteractions Interactions { get; } = new();

    /// <summary>The inquiry windows, one per topic, in the order the topics were first asked about.</summary>
    public ReadOnlySpan<InquiryWindow> Windows => _windows;

    public InquiryWindow? WindowOf(string topic)
    {
        if (_windows is null)
            return null;
        foreach (var window in _windows)
        {
            if (string.Equals(window.Topic, topic, StringComparison.Ordinal))
                return window;
        }
        return null;
    }

    /// <summary>Adds the window of a topic that has none yet.</summary>
    public void AddWindow(InquiryWindow window)
    {
        if (_windows is null)
        {
            _windows = [window];
            return;
        }
        Array.Resize(ref _windows, _windows.Length + 1);
        _windows[^1] = window;
    }

    /// <summary>Drops the windows that slid empty, keeping the order of the rest.</summary>
    public void RemoveEmptyWindows()
    {
        if (_windows is null)
            return;
        var kept = 0;
        foreach (var window in _windows)
        {
            if (window.Entries.Count > 0)
                kept++;
        }
        if (kept == _windows.Length)
            return;
        if (kept == 0)
        {
            _windows = null;
            return;
        }
        var windows = new InquiryWindow[kept];
        var i = 0;
        foreach (var window in _windows)
        {
            if (window.Entries.Count > 0)
                windows[i++] = window;
        }
        _windows = windows;
    }

    public List<PendingAck> PendingAcks => _pendingAcks ??= new(1);

    public IReadOnlyList<PendingAck> PendingAcksOrNone => (IReadOnlyList<PendingAck>?)_pendingAcks ?? [];

    /// <summary>Lets go of the list once the last alert was acknowledged or escalated (most customers keep none).</summary>
    public void ReleaseEmptyAcks()
    {
        if (_pendingAcks is { Count: 0 })
            _pendingAcks = null;
    }

    /// <summary>When housekeeping (releasing closed, idle and expired state) is next due, if queued.</summary>
    public DateTimeOffset? HousekeepingAt { get; set; }

    /// <summary>Set when the partition lets go of the customer (released, or replaced by a snapshot): its queued timers are stale.</summary>
    public bool Released { get; set; }

    public bool IsEmpty => Interactions.Count == 0 && _windows is null && (_pendingAcks?.Count ?? 0) == 0;
}

/// <summary>A customer's inquiries about one topic inside the sliding window, oldest first.</summary>
internal sealed class InquiryWindow(string topic)
{
    public string Topic { get; } = topic;

    public TimeSpan Length { get; set; }

    public List<(DateTimeOffset At, string EventId)> Entries { get; } = new(2);

    /// <summary>Adds an inquiry in time order and drops those that slid out of the window.</summary>
    public void Add(DateTimeOffset at, string eventId, TimeSpan length)
    {
        Length = length;
        var after = Entries.Count - 1;
        while (after >= 0 && Entries[after].At > at)
            after--;
        Entries.Insert(after + 1, (at, eventId));
        Trim(at);
    }

    public void Trim(DateTimeOffset now)
    {
        var expired = 0;
        while (expired < Entries.Count && Entries[expired].At <= now - Length)
            expired++;
        Entries.RemoveRange(0, expired);
    }

    public DateTimeOffset? ExpiresAt => Entries.Count == 0 ? null : Entries[^1].At + Length;
}

/// <summary>An alert not yet acknowledged: it escalates at <see cref="EscalatesAt"/> unless acknowledged first.</summary>
internal sealed record PendingAck(string AlertId, string InteractionId, DateTimeOffset EscalatesAt);
