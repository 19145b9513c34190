using System.Globalization;
using System.Text.RegularExpressions;

namespace RiskTriggers.Engine.Events;

/// <summary>Turns a wire envelope into an <see cref="InteractionEvent"/> or the full list of what is wrong with it.</summary>
public static partial class EventValidator
{
    public static ValidationResult Validate(EventEnvelope envelope, EventLimits limits)
    {
        var errors = new List<FieldError>();
        var eventId = RequiredId(envelope.EventId, "eventId", limits, errors);
        var interactionId = RequiredId(envelope.InteractionId, "interactionId", limits, errors);
        var customerId = RequiredId(envelope.CustomerId, "customerId", limits, errors);
        var type = ParseType(envelope.Type, errors);
        var occurredAt = ParseTimestamp(envelope.OccurredAt, errors);
        OptionalId(envelope.AgentId, "agentId", limits, errors);

        if (envelope.Text is { Length: var length } && length > limits.MaxTextLength)
            errors.Add(new("text", $"is {length} characters; the limit is {limits.MaxTextLength}"));
        if (type is { } t)
            RequireForType(t, envelope, errors);
        var score = ParseScore(envelope.Score, type, errors);

        if (errors.Count > 0)
            return ValidationResult.Invalid(errors);

        return ValidationResult.Valid(new InteractionEvent(
            eventId!, type!.Value, occurredAt!.Value, interactionId!, customerId!,
            Blank(envelope.Channel)?.ToLowerInvariant(), Blank(envelope.Queue), Blank(envelope.AgentId),
            Blank(envelope.CustomerTier)?.ToLowerInvariant(), Blank(envelope.Topic), envelope.Text, score));
    }

    private static void RequireForType(EventType type, EventEnvelope e, List<FieldError> errors)
    {
        switch (type)
        {
            case EventType.Inquiry when Blank(e.Topic) is null:
                errors.Add(new("topic", "is required for type 'inquiry'"));
                break;
            case EventType.CustomerMessage when e.Text is null:
                errors.Add(new("text", "is required for type 'customer_message'"));
                break;
            case EventType.AgentAssigned or EventType.AgentMessage when Blank(e.AgentId) is null:
                errors.Add(new("agentId", $"is required for type '{WireName(type)}'"));
                break;
        }
    }

    // Any scale works (the dissatisfied cut is a setting), but it must be a finite number.
    private static double? ParseScore(System.Text.Json.JsonElement? raw, EventType? type, List<FieldError> errors)
    {
        if (raw is not { ValueKind: not System.Text.Json.JsonValueKind.Null } value)
        {
            if (type == EventType.SatisfactionRated)
                errors.Add(new("score", "is required for type 'satisfaction_rated'"));
            return null;
        }
        if (value.ValueKind == System.Text.Json.JsonValueKind.Number && value.TryGetDouble(out var score) && double.IsFinite(score))
            return score;
        errors.Add(new("score", $"must be a number, e.g. -1.5 on a -2..2 scale, got {Excerpt(value.GetRawText())}"));
        return null;
    }

    private static string Excerpt(string raw) => raw.Length <= 40 ? raw : raw[..40] + "…";

    private static string? RequiredId(string? value, string field, EventLimits limits, List<FieldError> errors)
    {
        if (Blank(value) is null)
        {
            errors.Add(new(field, "is required"));
            return null;
        }
        return OptionalId(value, field, limits, errors);
    }

    private static string? OptionalId(string? value, string field, EventLimits limits, List<FieldError> errors)
    {
        if (value is { Length: var length } && length > limits.MaxIdLength)
            errors.Add(new(field, $"is {length} characters; the limit is {limits.MaxIdLength}"));
        return value;
    }

    private static EventType? ParseType(string? value, List<FieldError> errors)
    {
        if (Blank(value) is null)
        {
            errors.Add(new("type", "is required"));
            return null;
        }
        if (EventTypes.TryParse(value!, out var type))
            return type;
        errors.Add(new("type", $"'{value}' is not a known type; expected one of {string.Join(", ", EventTypes.WireNames)}"));
        return null;
    }

    private static DateTimeOffset? ParseTimestamp(string? value, List<FieldError> errors)
    {
        if (Blank(value) is null)
        {
            errors.Add(new("occurredAt", "is required"));
            return null;
        }
        // An offset (or Z) is mandatory: a local time without one would be read differently by every host.
        if (HasOffset().IsMatch(value!) &&
            DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
            return at.ToUniversalTime();
        errors.Add(new("occurredAt", $"'{value}' is not an ISO-8601 timestamp with an offset, e.g. 2026-11-24T10:00:00Z"));
        return null;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T[0-9:.]+(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex HasOffset();

    private static string WireName(EventType type) => EventTypes.WireName(type);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

public sealed record ValidationResult(InteractionEvent? Event, IReadOnlyList<FieldError> Errors)
{
    public bool IsValid => Event is not null;
    public static ValidationResult Valid(InteractionEvent e) => new(e, []);
    public static ValidationResult Invalid(IReadOnlyList<FieldError> errors) => new(null, errors);
}
