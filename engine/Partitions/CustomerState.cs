namespace RiskTriggers.Engine.Partitions;

/// <summary>
/// Everything the engine remembers about one customer: their interactions (open, or closed and still kept
/// for dedup), inquiry windows per topic, and alerts waiting to be acknowledged. Owned by one partition.
/// </summary>
internal sealed class CustomerState(string customerId)
{
    public string CustomerId { get; } = customerId;

    public Dictionary<string, OpenInteraction> Interactions { get; } = new(1, StringComparer.Ordinal);

    public Dictionary<string, InquiryWindow> Inquiries { get; } = new(0, StringComparer.Ordinal);

    public List<PendingAck> PendingAcks { get; } = new(0);

    /// <summary>When housekeeping (releasing closed, idle and expired state) is next due, if queued.</summary>
    public DateTimeOffset? HousekeepingAt { get; set; }

    public bool IsEmpty => Interactions.Count == 0 && Inquiries.Count == 0 && PendingAcks.Count == 0;
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
        Entries.Insert(Entries.FindLastIndex(t => t.At <= at) + 1, (at, eventId));
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
