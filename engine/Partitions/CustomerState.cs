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
    private Dictionary<string, InquiryWindow>? _inquiries;
    private List<PendingAck>? _pendingAcks;

    public CustomerInteractions Interactions { get; } = new();

    public Dictionary<string, InquiryWindow> Inquiries => _inquiries ??= new(1, StringComparer.Ordinal);

    public IReadOnlyDictionary<string, InquiryWindow> InquiriesOrNone => _inquiries ?? NoInquiries;

    /// <summary>The windows, or null before the first inquiry (enumerated without boxing).</summary>
    public Dictionary<string, InquiryWindow>? InquiriesOrNull => _inquiries;

    public List<PendingAck> PendingAcks => _pendingAcks ??= new(1);

    public IReadOnlyList<PendingAck> PendingAcksOrNone => (IReadOnlyList<PendingAck>?)_pendingAcks ?? [];

    /// <summary>When housekeeping (releasing closed, idle and expired state) is next due, if queued.</summary>
    public DateTimeOffset? HousekeepingAt { get; set; }

    public bool IsEmpty => Interactions.Count == 0 && (_inquiries?.Count ?? 0) == 0 && (_pendingAcks?.Count ?? 0) == 0;

    private static readonly IReadOnlyDictionary<string, InquiryWindow> NoInquiries = new Dictionary<string, InquiryWindow>();
}

/// <summary>A customer's inquiries about one topic inside the sliding window, oldest first.</summary>
internal sealed class InquiryWindow
{
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
