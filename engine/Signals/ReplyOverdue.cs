using RiskTriggers.Engine.Alerts;

namespace RiskTriggers.Engine.Signals;

/// <summary>A customer message has had no agent reply for longer than the threshold.</summary>
public sealed record ReplyOverdue(
    string InteractionId,
    string CustomerId,
    DateTimeOffset DetectedAt,
    string MessageEventId,
    TimeSpan Waited,
    TimeSpan Threshold) : Signal(InteractionId, CustomerId, DetectedAt)
{
    public override string TriggeringEventId => MessageEventId;

    public override Evidence ToEvidence() => new(
        Kind, [MessageEventId], $"no agent reply within {Durations.Format(Threshold)}", $"waited {Durations.Format(Waited)}");
}
