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
internal readonly record struct DueWork(long DueUtcTicks, DueKind Kind, CustomerState Customer, OpenInteraction? Interaction, string? AlertId)
{
    // Ticks, not a DateTimeOffset: a queue entry is 8 bytes smaller, and there are a few per open interaction.
    public DueWork(DateTimeOffset dueAt, DueKind kind, CustomerState customer, OpenInteraction? interaction, string? alertId)
        : this(dueAt.UtcTicks, kind, customer, interaction, alertId)
    {
    }

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
