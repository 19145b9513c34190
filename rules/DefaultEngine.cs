using RiskTriggers.Engine.Decisions;
using RiskTriggers.Engine.Processing;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Engine.State;
using RiskTriggers.Engine.State.Memory;
using RiskTriggers.Rules.DefaultPack;
using RiskTriggers.Rules.Lexicons;
using RiskTriggers.Rules.Settings;
using RiskTriggers.Engine.Signals.Phrases;

namespace RiskTriggers.Rules;

/// <summary>The engine with the default rule pack, lexicon and settings: what replay, the demo and the host run.</summary>
public static class DefaultEngine
{
    private static readonly Lazy<NRules.ISessionFactory> CompiledRules = new(() => DefaultRulePack.Compile());
    private static readonly Lazy<PhraseSpotter> Spotter = new(() => new PhraseSpotter(DefaultLexicon.Load()));

    public static RiskEngine Create(IStateStore? store = null, ISettingsSource? settings = null, EngineOptions? options = null) =>
        new(store ?? new InMemoryStateStore(), new RulePackDecider(CompiledRules.Value),
            settings ?? new FixedSettings(DefaultSettings.Load()), Spotter.Value, options);

}
