using RiskTriggers.Engine.Decisions;
using RiskTriggers.Engine.Partitions;
using RiskTriggers.Engine.Processing;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Engine.State;
using RiskTriggers.Rules.DefaultPack;
using RiskTriggers.Rules.Lexicons;
using RiskTriggers.Rules.Settings;
using RiskTriggers.Engine.Signals.Phrases;
using RiskTriggers.Engine.Dissatisfaction;
using RiskTriggers.Rules.Models;

namespace RiskTriggers.Rules;

/// <summary>The engine with the default rule pack, lexicon and settings: what replay, the demo and the host run.</summary>
public static class DefaultEngine
{
    private static readonly Lazy<NRules.ISessionFactory> CompiledRules = new(() => DefaultRulePack.Compile());
    private static readonly Lazy<PhraseSpotter> Spotter = new(() => new PhraseSpotter(DefaultLexicon.Load()));

    // One decider for every engine of the process: its sessions are emptied after each signal, so engines can share
    // them, and a new engine (a test, a benchmark iteration, a shadow run) does not build sessions again.
    private static readonly Lazy<RulePackDecider> Decider = new(() => new RulePackDecider(CompiledRules.Value));

    /// <summary>The keyed engine: state in memory, in customer partitions.</summary>
    /// <param name="model">A dissatisfaction model of the user's own (<c>train</c>); the shipped one by default.</param>
    public static KeyedEngine Create(ISettingsSource? settings = null, EngineOptions? options = null, DissatisfactionModel? model = null) =>
        Create(settings, options, model is null ? ModelChoice.Shipped : new ModelChoice(model));

    public static KeyedEngine Create(ISettingsSource? settings, EngineOptions? options, ModelChoice model) =>
        new(Decider.Value, settings ?? new FixedSettings(DefaultSettings.Load()), Spotter.Value, options, model.Model);

    /// <summary>The store-backed engine (the Redis worker's, until the distributed host replaces it).</summary>
    public static RiskEngine OnStore(IStateStore store, ISettingsSource? settings = null, EngineOptions? options = null, ModelChoice? model = null) =>
        new(store, Decider.Value, settings ?? new FixedSettings(DefaultSettings.Load()), Spotter.Value, options, (model ?? ModelChoice.Shipped).Model);
}
