namespace RiskTriggers.Engine.Partitions;

/// <summary>What a partition's timer can be due for.</summary>
internal enum DueKind : byte
{
    ReplyOverdue,
    QueueWaitExceeded,
    AckTimeout,
    Housekeeping,
}

/// <summary>
/// An entry of a partition's timer queue. Entries are never removed early: a cancelled or replaced deadline
/// leaves its entry behind, and the entry is ignored when it comes up (the state no longer matches it).
/// </summary>
/// <remarks>
/// 32 bytes: the time in UTC ticks, not a DateTimeOffset, and one reference for what it is about — the
/// interaction of a clock or the alert id of an ack timeout (never both) — not two.
/// </remarks>
internal readonly struct DueWork
{
    private readonly object? _subject;

    public DueWork(DateTimeOffset dueAt, DueKind kind, CustomerState customer, OpenInteraction? interaction, string? alertId)
    {
        DueUtcTicks = dueAt.UtcTicks;
        Kind = kind;
        Customer = customer;
        _subject = (object?)interaction ?? alertId;
    }

    public long DueUtcTicks { get; }

    public DueKind Kind { get; }

    public CustomerState Customer { get; }

    /// <summary>The interaction whose clock this is (reply, queue wait); null for an ack timeout and housekeeping.</summary>
    public OpenInteraction? Interaction => _subject as OpenInteraction;

    /// <summary>The alert whose ack timeout this is; null otherwise.</summary>
    public string? AlertId => _subject as string;

    public DateTimeOffset DueAt => new(DueUtcTicks, TimeSpan.Zero);

    /// <summary>The order deadlines due together fire in: by time, then kind and subject (as in the store).</summary>
    public static int Compare(DueWork a, DueWork b)
    {
        var byTime = a.DueUtcTicks.CompareTo(b.DueUtcTicks);
        if (byTime != 0)
            return byTime;
        var byKind = ((byte)a.Kind).CompareTo((byte)b.Kind); // on the byte: Enum.CompareTo boxes
        return byKind != 0 ? byKind : string.CompareOrdinal(a.Subject, b.Subject);
    }

    private string Subject => AlertId ?? Interaction?.InteractionId ?? Customer.CustomerId;
}
