namespace RiskTriggers.Engine.Events;

/// <summary>One reason an event was refused, naming the field (JSON name, or "$" for the whole item).</summary>
public sealed record FieldError(string Field, string Reason)
{
    public override string ToString() => $"{Field}: {Reason}";
}

/// <summary>
/// A refused event, kept for the dead-letter store with where it came from and why. <see cref="Raw"/> is the input
/// as it arrived, or only its first characters when <see cref="TruncatedFrom"/> (the original length in
/// characters) is set: see <c>Intake.IntakeOptions.ExcerptLength</c>.
/// </summary>
public sealed record Rejection(
    string Source,
    long Position,
    string? EventId,
    IReadOnlyList<FieldError> Errors,
    string Raw,
    DateTimeOffset RejectedAt,
    int? TruncatedFrom = null)
{
    public string Reason => string.Join("; ", Errors);
}
