using System.Collections.Concurrent;
using NRules;

namespace RiskTriggers.Engine.Decisions;

/// <summary>
/// Runs a compiled NRules rule pack over one signal: its <see cref="SignalContext"/> (the signal with its
/// interaction, history and thresholds) goes in as the one fact — joins across separate facts were most of
/// the decision's cost — and the <see cref="Decision"/> facts the rules insert come out. The session factory
/// is compiled once (seconds). Sessions are pooled and emptied after each signal, so working memory stays tiny
/// and a session is not built per signal (that was half of the engine's replay time in the benchmark).
/// </summary>
public sealed class RulePackDecider(ISessionFactory rules) : IDecider
{
    private readonly ConcurrentBag<ISession> _idle = [];

    public IReadOnlyList<Decision> Decide(SignalContext context)
    {
        var session = _idle.TryTake(out var pooled) ? pooled : rules.CreateSession();
        session.Insert(context);
        session.Fire();
        var decisions = session.Query<Decision>().ToList();
        session.Retract(context);
        session.RetractAll(decisions);
        _idle.Add(session);
        return decisions;
    }
}
