using NRules.RuleModel;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Engine.Signals;
using RiskTriggers.Engine.State;

namespace RiskTriggers.Engine.Decisions;

/// <summary>Signal kinds seen so far in the interaction (this signal's included): a fact for rules.</summary>
public sealed record SignalHistory(IReadOnlySet<string> Kinds)
{
    /// <summary>True when the interaction has shown a kind of signal other than <paramref name="kind"/>.</summary>
    public bool HasOtherThan(string kind) => Kinds.Any(k => k != kind);
}

/// <summary>Everything a rule may look at for one signal: the one fact inserted per signal.</summary>
public sealed record SignalContext(Signal Signal, InteractionState Interaction, SignalHistory History, Thresholds Thresholds) : IIdentityProvider
{
    private readonly object _identity = new();

    // NRules keys working memory by fact identity, by default the record's value equality, which hashes the
    // whole context (thresholds and all) on every insert and retract. One context is one fact: by reference.
    public object GetIdentity() => _identity;
}
