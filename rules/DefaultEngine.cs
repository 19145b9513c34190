using RiskTriggers.Engine.Decisions;
using RiskTriggers.Engine.Processing;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Engine.State;
using RiskTriggers.Engine.State.Memory;
using RiskTriggers.Rules.DefaultPack;

namespace RiskTriggers.Rules;

/// <summary>The engine with the default rule pack and lexicon: what replay, the demo and the host run.</summary>
public static class DefaultEngine
{
    private static readonly Lazy<NRules.ISessionFactory> CompiledRules = new(() => DefaultRulePack.Compile());

    public static RiskEngine Create(IStateStore? store = null, ISettingsSource? settings = null, EngineOptions? options = null) =>
        new(store ?? new InMemoryStateStore(), new RulePackDecider(CompiledRules.Value),
            settings ?? new FixedSettings(RiskSettings.BuiltIn), DefaultSpotter(), options);

    // Replaced by the lexicon-driven spotter (rules/Data/lexicon.json) when it lands.
    private static Engine.Signals.Phrases.PhraseSpotter DefaultSpotter() => new([
        ("怎么回事", Engine.Signals.PhraseClass.Frustration), ("ridiculous", Engine.Signals.PhraseClass.Frustration),
        ("我要投诉", Engine.Signals.PhraseClass.EscalationThreat), ("12315", Engine.Signals.PhraseClass.EscalationThreat),
        ("cancel my account", Engine.Signals.PhraseClass.Churn), ("third time", Engine.Signals.PhraseClass.RepeatContact)]);
}
