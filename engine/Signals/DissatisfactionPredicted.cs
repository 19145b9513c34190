using RiskTriggers.Engine.Alerts;
using RiskTriggers.Engine.Dissatisfaction;

namespace RiskTriggers.Engine.Signals;

/// <summary>
/// The dissatisfaction model's score of the conversation so far reached the threshold after a customer message.
/// <see cref="Cues"/> are the words of that message that pushed the score up or pulled it down most.
/// </summary>
public sealed record DissatisfactionPredicted(
    string InteractionId,
    string CustomerId,
    DateTimeOffset DetectedAt,
    string MessageEventId,
    double Score,
    double Threshold,
    Language Language,
    IReadOnlyList<CueContribution> Cues) : Signal(InteractionId, CustomerId, DetectedAt)
{
    public override string TriggeringEventId => MessageEventId;

    public override Evidence ToEvidence() => new(
        Kind, [MessageEventId], $"score at least {Threshold:0.00}", $"score {Score:0.00} ({ModelFile.Name(Language)} model)",
        CueContribution.Describe(Cues));
}
