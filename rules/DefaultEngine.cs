using RiskTriggers.Engine.Decisions;
using RiskTriggers.Engine.Partitions;
using RiskTriggers.Engine.Processing;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Rules.DefaultPack;
using RiskTriggers.Rules.Lexicons;
using RiskTriggers.Rules.Settings;
using RiskTriggers.Engine.Signals.Phrases;
using RiskTriggers.Engine.Dissatisfaction;
using RiskTriggers.Rules.Models;

namespace RiskTriggers.Rules;

/// <summary>The keyed engine with the default rule pack, lexicon and settings: what replay, the demo, the embedded host and the partition grains run.</summary>
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
}
