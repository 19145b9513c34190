using System.Text.Json;

namespace RiskTriggers.Engine.Events;

/// <summary>Reads one JSON event (a line of NDJSON, an array item, a stream entry) and validates it.</summary>
public static class EventReader
{
    public static ValidationResult Read(string json, EventLimits limits)
    {
        EventEnvelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize(json, EngineJson.Default.EventEnvelope);
        }
        catch (JsonException ex)
        {
            return ValidationResult.Invalid([Describe(ex)]);
        }
        return Validated(envelope, limits);
    }

    /// <summary>
    /// Reads UTF-8 bytes as they came (a file line): no string of the whole item is made. A plainly valid event
    /// is read in one pass (<see cref="Utf8EventReader"/>, ids through <paramref name="strings"/>); anything
    /// else goes the general way, which names what is wrong.
    /// </summary>
    public static ValidationResult Read(ReadOnlySpan<byte> utf8, EventLimits limits, Utf8StringCache? strings = null)
    {
        if (Utf8EventReader.TryRead(utf8, limits, strings ?? SharedStrings) is { } fast)
            return ValidationResult.Valid(fast);
        EventEnvelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize(utf8, EngineJson.Default.EventEnvelope);
        }
        catch (JsonException ex)
        {
            return ValidationResult.Invalid([Describe(ex)]);
        }
        return Validated(envelope, limits);
    }

    private static readonly Utf8StringCache SharedStrings = new(1 << 12);

    private static ValidationResult Validated(EventEnvelope? envelope, EventLimits limits) =>
        envelope is null
            ? ValidationResult.Invalid([new FieldError("$", "expected a JSON object, got null")])
            : EventValidator.Validate(envelope, limits);

    /// <summary>Best-effort event id of an unreadable item, so a dead letter can still be traced.</summary>
    public static string? TryEventId(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == JsonValueKind.Object &&
                   doc.RootElement.TryGetProperty("eventId", out var id) && id.ValueKind == JsonValueKind.String
                ? id.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // A value of the wrong JSON type names its field; anything else is a syntax error in the whole item.
    // A string of bytes that are not UTF-8 fails to decode (the inner exception), not to convert.
    private static FieldError Describe(JsonException ex) =>
        ex.Message.Contains("could not be converted", StringComparison.Ordinal) && ex.Path is { Length: > 2 } path
            ? new FieldError(path.TrimStart('$', '.'), NotUtf8(ex) ? "is not valid UTF-8 text" : "must be a string")
            : new FieldError("$", $"not a valid JSON object ({FirstSentence(ex.Message)})");

    private static bool NotUtf8(JsonException ex) =>
        ex.InnerException is InvalidOperationException inner &&
        (inner.InnerException is System.Text.DecoderFallbackException || inner.Message.Contains("UTF-8", StringComparison.Ordinal));

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }
}
