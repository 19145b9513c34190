using NRules.RuleModel;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Engine.Signals;
using RiskTriggers.Engine.State;

namespace RiskTriggers.Engine.Decisions;

/// <summary>Signal kinds seen so far in the interaction (this signal's included): a fact for rules.</summary>
public sealed record SignalHistory(IReadOnlySet<string> Kinds)
{
    /// <summary>True when the interaction has shown a kind of signal other than <paramref name="kind"/>.</summary>
    public bool HasOtherThan(string kind)
    {
        if (Kinds is SignalKindSet small)
        {
            foreach (var k in small.Items)
            {
                if (k != kind)
                    return true;
            }
            return false;
        }
        foreach (var k in Kinds)
        {
            if (k != kind)
                return true;
        }
        return false;
    }
}

/// <summary>
/// Everything a rule may look at for one signal: the one fact inserted per signal. A rule's <c>Then()</c>
/// proposes its decision on it (<see cref="Propose"/>); the decider reads <see cref="Decisions"/> after firing.
/// </summary>
public sealed record SignalContext(Signal Signal, InteractionState Interaction, SignalHistory History, Thresholds Thresholds) : IIdentityProvider
{
    private static long _contexts;

    // A boxed sequence number, not a plain object: its hash is its value, where an object's first identity hash
    // takes the runtime's slow path (3 % of a replay in a CPU trace).
    private readonly object _identity = Interlocked.Increment(ref _contexts);
    private List<Decision>? _decisions;

    /// <summary>What the rules proposed for this signal, in the order they fired.</summary>
    public IReadOnlyList<Decision> Decisions => (IReadOnlyList<Decision>?)_decisions ?? [];

    /// <summary>
    /// Called from a rule's <c>Then()</c>: one decision for this signal. The decision is data on the context, not
    /// a fact of its own, so nothing more goes through the rule network (inserting a <see cref="Decision"/> fact
    /// and querying it back was most of a decision's cost).
    /// </summary>
    public void Propose(Decision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        (_decisions ??= new(2)).Add(decision);
    }

    /// <summary>Before deciding: a context decided again starts a new list (the earlier answer stays as it was returned).</summary>
    internal void StartDeciding() => _decisions = null;

    // NRules keys working memory by fact identity, by default the record's value equality, which hashes the
    // whole context (thresholds and all) on every insert and retract. One context is one fact: by reference.
    public object GetIdentity() => _identity;
}
