using RiskTriggers.Engine.Decisions;
using RiskTriggers.Engine.Signals;

namespace RiskTriggers.Rules.DefaultPack;

/// <summary>
/// <c>negativePhrase.alertAlone</c> false: a phrase alerts only once the dissatisfaction model agrees. On rated
/// dialogues, threats and churn phrases the model did not also flag were mostly from customers who were helped
/// and left satisfied, so alone they cost precision; with the model they make its alert more urgent.
/// </summary>
public static class ModelCorroboration
{
    private static readonly string ModelKind = nameof(DissatisfactionPredicted);
    private static readonly string PhraseKind = nameof(NegativePhraseSpotted);

    /// <summary>
    /// A phrase signal held back: phrases wait for the model (none of its classes is in
    /// <c>negativePhrase.alertAloneClasses</c>), and the model has not signalled here yet.
    /// </summary>
    public static bool Waits(SignalContext c) =>
        c.Signal is NegativePhraseSpotted phrase && !c.Thresholds.NegativePhrase.AlertsAlone(phrase)
        && c.Thresholds.Dissatisfaction.Enabled && !c.History.Kinds.Contains(ModelKind);

    /// <summary>
    /// The model's signal in an interaction where a phrase signalled before (held back for it, or, of a class that
    /// alerts alone, already alerted: the history keeps kinds only).
    /// </summary>
    public static bool Confirms(SignalContext c) =>
        c.Signal is DissatisfactionPredicted && WaitForModel(c) && c.History.Kinds.Contains(PhraseKind);

    // With the model's signal turned off nothing would ever release a held phrase: phrases alert alone then.
    private static bool WaitForModel(SignalContext c) =>
        !c.Thresholds.NegativePhrase.AlertAlone && c.Thresholds.Dissatisfaction.Enabled;
}
