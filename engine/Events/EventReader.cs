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
            var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "$" : ex.Path.TrimStart('$', '.');
            return ValidationResult.Invalid([new FieldError(field, Describe(ex))]);
        }
        return envelope is null
            ? ValidationResult.Invalid([new FieldError("$", "expected a JSON object, got null")])
            : EventValidator.Validate(envelope, limits);
    }

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

    private static string Describe(JsonException ex) =>
        ex.Path is null or "$" ? $"not a valid JSON object ({FirstSentence(ex.Message)})" : "must be a string";

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }
}
