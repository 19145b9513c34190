using RiskTriggers.Engine.Alerts;
using RiskTriggers.Engine.Dissatisfaction;

namespace RiskTriggers.Engine.Signals;

/// <summary>
/// The dissatisfaction model's score of the conversation so far held at the threshold for
/// <see cref="Messages"/> customer messages in a row, or until the interaction closed (<see cref="AtClose"/>).
/// <see cref="Cues"/> are the words of the latest message that pushed the score up or pulled it down most
/// (none at the close, which has no words).
/// </summary>
public sealed record DissatisfactionPredicted(
    string InteractionId,
    string CustomerId,
    DateTimeOffset DetectedAt,
    string MessageEventId,
    double Score,
    double Threshold,
    Language Language,
    IReadOnlyList<CueContribution> Cues,
    int Messages = 1) : Signal(InteractionId, CustomerId, DetectedAt)
{
    /// <summary>Raised by the interaction's close: the customer left dissatisfied, so a call back is what is left.</summary>
    public bool AtClose { get; init; }

    public override string TriggeringEventId => MessageEventId;

    public override Evidence ToEvidence() => new(
        Kind, [MessageEventId], $"score at least {Threshold:0.00}", Measured(), Cues.Count > 0 ? CueContribution.Describe(Cues) : null);

    private string Measured()
    {
        var held = Messages == 1 ? "after 1 customer message" : $"over {Messages} customer messages in a row";
        return AtClose
            ? $"score {Score:0.00} ({ModelFile.Name(Language)} model) {held}, still there when the interaction closed"
            : $"score {Score:0.00} ({ModelFile.Name(Language)} model) {held}";
    }
}
