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
    // Windows: the one most customers have in a field, several in an exact-size array, not a dictionary by topic
    // (a customer asks about one or two topics; a dictionary was ~240 bytes of every customer who ever asked,
    // and an array of one was 32 bytes of each of the ~53k customers holding one window at the generated day's peak).
    private InquiryWindow? _window;
    private InquiryWindow[]? _windows;
    private List<PendingAck>? _pendingAcks;

    /// <summary>Open ones, and closed ones kept for dedup (a field: the struct is changed in place).</summary>
    public CustomerInteractions Interactions;

    /// <summary>The inquiry windows, one per topic, in the order the topics were first asked about.</summary>
    public ReadOnlySpan<InquiryWindow> Windows =>
        _windows is not null ? _windows : _window is null ? [] : new ReadOnlySpan<InquiryWindow>(ref _window!);

    public InquiryWindow? WindowOf(string topic)
    {
        foreach (var window in Windows)
        {
            if (string.Equals(window.Topic, topic, StringComparison.Ordinal))
                return window;
        }
        return null;
    }

    /// <summary>Adds the window of a topic that has none yet.</summary>
    public void AddWindow(InquiryWindow window)
    {
        if (_windows is null && _window is null)
        {
            _window = window;
            return;
        }
        _windows = [.. Windows, window];
        _window = null;
    }

    /// <summary>Drops the windows that slid empty, keeping the order of the rest.</summary>
    public void RemoveEmptyWindows()
    {
        var kept = 0;
        foreach (var window in Windows)
        {
            if (window.Count > 0)
                kept++;
        }
        if (kept == Windows.Length)
            return;
        InquiryWindow? only = null;
        var windows = kept > 1 ? new InquiryWindow[kept] : null;
        var i = 0;
        foreach (var window in Windows)
        {
            if (window.Count == 0)
                continue;
            only = window;
            if (windows is not null)
                windows[i++] = window;
        }
        _windows = windows;
        _window = windows is null ? only : null;
    }

    public List<PendingAck> PendingAcks => _pendingAcks ??= new(1);

    public IReadOnlyList<PendingAck> PendingAcksOrNone => (IReadOnlyList<PendingAck>?)_pendingAcks ?? [];

    /// <summary>Lets go of the list once the last alert was acknowledged or escalated (most customers keep none).</summary>
    public void ReleaseEmptyAcks()
    {
        if (_pendingAcks is { Count: 0 })
            _pendingAcks = null;
    }

    private DateTimeOffset _housekeepingAt; // default: none queued (a plain value: 8 bytes less than a nullable)

    /// <summary>When housekeeping (releasing closed, idle and expired state) is next due, if queued.</summary>
    public DateTimeOffset? HousekeepingAt
    {
        get => _housekeepingAt == default ? null : _housekeepingAt;
        set => _housekeepingAt = value ?? default;
    }

    /// <summary>Set when the partition lets go of the customer (released, or replaced by a snapshot): its queued timers are stale.</summary>
    public bool Released { get; set; }

    public bool IsEmpty => Interactions.Count == 0 && _window is null && _windows is null && (_pendingAcks?.Count ?? 0) == 0;
}

/// <summary>A customer's inquiries about one topic inside the sliding window, oldest first.</summary>
/// <remarks>
/// Most windows hold one inquiry (a 1-day window, and most customers ask once): that one sits in a field; from
/// the second on the entries sit in an array of their own, grown by doubling, not a <c>List</c> (a list object
/// and its spare room were a third of a window's memory, an array of one 48 bytes of each of ~100k windows).
/// </remarks>
internal sealed class InquiryWindow(string topic)
{
    private (DateTimeOffset At, string EventId) _only; // the entry while there is just one and no array
    private (DateTimeOffset At, string EventId)[]? _entries; // every entry, once there were two

    public string Topic { get; } = topic;

    public TimeSpan Length { get; set; }

    public int Count { get; private set; }

    /// <summary>The inquiries in time order (a view: read it before the next change).</summary>
    public ReadOnlySpan<(DateTimeOffset At, string EventId)> Entries =>
        _entries is not null ? _entries.AsSpan(0, Count) : Count == 0 ? [] : new ReadOnlySpan<(DateTimeOffset, string)>(ref _only);

    /// <summary>Adds an inquiry in time order and drops those that slid out of the window.</summary>
    public void Add(DateTimeOffset at, string eventId, TimeSpan length)
    {
        Length = length;
        var entries = Entries;
        var after = Count - 1;
        while (after >= 0 && entries[after].At > at)
            after--;
        Insert(after + 1, (at, eventId));
        Trim(at);
    }

    /// <summary>Puts back an entry read from a snapshot (entries come in time order).</summary>
    public void Append(DateTimeOffset at, string eventId) => Insert(Count, (at, eventId));

    public void Trim(DateTimeOffset now)
    {
        var entries = Entries;
        var expired = 0;
        while (expired < Count && entries[expired].At <= now - Length)
            expired++;
        if (expired == 0)
            return;
        if (_entries is null)
            _only = default; // no event id kept alive by the emptied field
        else
        {
            Array.Copy(_entries, expired, _entries, 0, Count - expired);
            Array.Clear(_entries, Count - expired, expired); // no event id kept alive by a slot past the end
        }
        Count -= expired;
    }

    public DateTimeOffset? ExpiresAt => Count == 0 ? null : Entries[Count - 1].At + Length;

    private void Insert(int index, (DateTimeOffset At, string EventId) entry)
    {
        if (_entries is null && Count == 0)
        {
            _only = entry;
            Count = 1;
            return;
        }
        if (_entries is null)
        {
            _entries = new (DateTimeOffset, string)[2];
            _entries[0] = _only;
            _only = default;
        }
        if (Count == _entries.Length)
            Array.Resize(ref _entries, Count * 2);
        Array.Copy(_entries, index, _entries, index + 1, Count - index);
        _entries[index] = entry;
        Count++;
    }
}

/// <summary>An alert not yet acknowledged: it escalates at <see cref="EscalatesAt"/> unless acknowledged first.</summary>
internal sealed record PendingAck(string AlertId, string InteractionId, DateTimeOffset EscalatesAt);
