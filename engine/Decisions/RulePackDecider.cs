using System.Collections.Concurrent;
using NRules;

namespace RiskTriggers.Engine.Decisions;

/// <summary>
/// Runs a compiled NRules rule pack over one signal: the signal, its interaction, the signal history and the
/// thresholds go in as facts; the <see cref="Decision"/> facts the rules insert come out. The session factory
/// is compiled once (seconds). Sessions are pooled and emptied after each signal, so working memory stays tiny
/// and a session is not built per signal (that was half of the engine's replay time in the benchmark).
/// </summary>
public sealed class RulePackDecider(ISessionFactory rules) : IDecider
{
    private readonly ConcurrentBag<ISession> _idle = [];

    public IReadOnlyList<Decision> Decide(SignalContext context)
    {
        var session = _idle.TryTake(out var pooled) ? pooled : rules.CreateSession();
        object[] facts = [context.Signal, context.Interaction, context.History, context.Thresholds];
        session.InsertAll(facts);
        session.Fire();
        var decisions = session.Query<Decision>().ToList();
        session.RetractAll(facts);
        session.RetractAll(decisions);
        _idle.Add(session);
        return decisions;
    }
}
