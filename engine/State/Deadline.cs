namespace RiskTriggers.Engine.State;

/// <summary>What a deadline waits for.</summary>
public enum DeadlineKind
{
    ReplyOverdue,
    QueueWaitExceeded,
    AckTimeout,
}

/// <summary>
/// A pending "absence" trigger: if nothing cancels it before <see cref="DueAt"/>, it fires. Deadlines are
/// data in the store; the pipeline's scheduler only wakes up to claim them.
/// </summary>
/// <param name="Subject">The interaction (or, for <see cref="DeadlineKind.AckTimeout"/>, the alert) it is about.</param>
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
