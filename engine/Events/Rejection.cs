namespace RiskTriggers.Engine.Events;

/// <summary>One reason an event was refused, naming the field (JSON name, or "$" for the whole item).</summary>
public sealed record FieldError(string Field, string Reason)
{
    public override string ToString() => $"{Field}: {Reason}";
}

/// <summary>A refused event, kept for the dead-letter store with where it came from and why.</summary>
public sealed record Rejection(
    string Source,
    long Position,
    string? EventId,
    IReadOnlyList<FieldError> Errors,
    string Raw,
    DateTimeOffset RejectedAt)
{
    public string Reason => string.Join("; ", Errors);
}
