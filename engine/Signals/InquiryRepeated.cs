using RiskTriggers.Engine.Alerts;

namespace RiskTriggers.Engine.Signals;

/// <summary>The same customer asked about the same topic more than the threshold within the window.</summary>
public sealed record InquiryRepeated(
    string InteractionId,
    string CustomerId,
    DateTimeOffset DetectedAt,
    string Topic,
    int Count,
    int MoreThan,
    TimeSpan Window,
    IReadOnlyList<string> EventIds) : Signal(InteractionId, CustomerId, DetectedAt)
{
    public override string TriggeringEventId => EventIds[^1];

    public override Evidence ToEvidence() => new(
        Kind, EventIds, $"more than {MoreThan} inquiries about '{Topic}' within {Durations.Format(Window)}",
        $"{Count} inquiries");
}
