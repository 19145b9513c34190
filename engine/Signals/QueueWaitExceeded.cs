using RiskTriggers.Engine.Alerts;

namespace RiskTriggers.Engine.Signals;

/// <summary>The interaction has waited in a queue with no agent assigned for longer than the threshold.</summary>
public sealed record QueueWaitExceeded(
    string InteractionId,
    string CustomerId,
    DateTimeOffset DetectedAt,
    string QueueEventId,
    TimeSpan Waited,
    TimeSpan Threshold) : Signal(InteractionId, CustomerId, DetectedAt)
{
    public override string TriggeringEventId => QueueEventId;

    public override Evidence ToEvidence() => new(
        Kind, [QueueEventId], $"an agent assigned within {Durations.Format(Threshold)}", $"waited {Durations.Format(Waited)}");
}
