namespace RiskTriggers.Engine.State;

/// <summary>What a deadline waits for.</summary>
public enum DeadlineKind
{
    ReplyOverdue,
    QueueWaitExceeded,
}

/// <summary>
/// A pending "absence" trigger as its detector reads it: started at <see cref="StartedAt"/> by an event, due at
/// <see cref="DueAt"/>. The customer's partition keeps the clock; this is what it hands the detector when it fires.
/// </summary>
/// <param name="Subject">The interaction it is about.</param>
/// <param name="EventId">The event that started the clock.</param>
public sealed record Deadline(
    DeadlineKind Kind,
    string Subject,
    string CustomerId,
    string EventId,
    DateTimeOffset StartedAt,
    DateTimeOffset DueAt)
{
    /// <summary>At most one deadline of a kind per subject is pending: the key of it.</summary>
    public string Key => KeyOf(Kind, Subject);

    public static string KeyOf(DeadlineKind kind, string subject) => $"{kind}:{subject}";
}
