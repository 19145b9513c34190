namespace RiskTriggers.Host.Alerts;

/// <summary>
/// The body of <c>POST /v1/alerts/{id}/resolve</c>. <see cref="Outcome"/> is required: every resolution is a label
/// for live precision and the export, and a missing one would leave a hole nobody sees. <see cref="Note"/> (what was
/// done) is optional.
/// </summary>
public sealed record ResolveRequest(string? Outcome, string? Note)
{
    public const int MaxNoteLength = 2_000;

    public string? TrimmedNote => string.IsNullOrWhiteSpace(Note) ? null : Note.Trim();
}

internal static class ResolveRequestValidation
{
    private static readonly string Expected = $"expected one of {string.Join(", ", AlertOutcomes.WireNames)}";

    /// <summary>Every problem of the body, each under its field; null when it can be used.</summary>
    public static HttpValidationProblemDetails? Problem(this ResolveRequest? body)
    {
        var errors = new Dictionary<string, string[]>();
        var missing = string.IsNullOrWhiteSpace(body?.Outcome);
        if (missing)
            errors["outcome"] = [$"is required: say what came of the alert, {Expected}"];
        else if (!AlertOutcomes.TryParse(body!.Outcome, out _))
            errors["outcome"] = [$"'{body.Outcome}' is not an outcome; {Expected}"];
        if (body?.Note is { Length: > ResolveRequest.MaxNoteLength } note)
            errors["note"] = [$"is {note.Length} characters; the limit is {ResolveRequest.MaxNoteLength}"];
        return errors.Count == 0 ? null : new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = missing ? "Outcome required" : "Invalid resolution",
        };
    }
}
