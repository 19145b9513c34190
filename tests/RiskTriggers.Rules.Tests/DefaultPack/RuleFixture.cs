using RiskTriggers.Engine.Decisions;
using RiskTriggers.Engine.Dissatisfaction;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Engine.Signals;
using RiskTriggers.Engine.State;
using RiskTriggers.Rules.DefaultPack;
using RiskTriggers.Rules.Settings;

namespace RiskTriggers.Rules.Tests.DefaultPack;

/// <summary>Loads one rule (or the pack), inserts a signal with its context and fires.</summary>
internal static class RuleFixture
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<Decision> Fire(Type[] rules, Signal signal, InteractionState? interaction = null,
        IEnumerable<string>? earlierKinds = null, Thresholds? thresholds = null)
    {
        var kinds = new HashSet<string>(earlierKinds ?? []) { signal.Kind };
        var decider = new RulePackDecider(DefaultRulePack.Compile(rules));
        return decider.Decide(new SignalContext(signal, interaction ?? Interaction(), new SignalHistory(kinds), thresholds ?? DefaultSettings.Load().Defaults));
    }

    public static InteractionState Interaction(string? tier = "standard", string? agent = "agent-1") =>
        new("ix-1", "cust-1", "chat", "billing", agent, tier, T0);

    public static ReplyOverdue Overdue() => new("ix-1", "cust-1", T0, "evt-1", TimeSpan.FromMinutes(6), TimeSpan.FromMinutes(5));

    public static DissatisfactionPredicted Predicted() =>
        new("ix-1", "cust-1", T0, "evt-3", 0.8, 0.5, Language.Zh, [new CueContribution("你们", 0.4)], 2);

    /// <summary>The shipped settings with <c>negativePhrase.alertAlone</c> set: phrases alone alert, or wait for the model.</summary>
    public static Thresholds PhrasesAlone(bool alone)
    {
        var defaults = DefaultSettings.Load().Defaults;
        return defaults with { NegativePhrase = defaults.NegativePhrase with { AlertAlone = alone } };
    }

    public static NegativePhraseSpotted Phrase(PhraseClass phraseClass, string phrase) =>
        new("ix-1", "cust-1", T0, "evt-2", [new PhraseHit(phrase, phraseClass, 1, 0)], 1, 1);
}
