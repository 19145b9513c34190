using NRules;

namespace RiskTriggers.Engine.Decisions;

/// <summary>
/// Runs a compiled NRules rule pack over one signal: the signal, its interaction, the signal history and the
/// thresholds go in as facts; the <see cref="Decision"/> facts the rules insert come out. The session
/// factory is compiled once (seconds); a session per signal is cheap and keeps working memory tiny.
/// </summary>
public sealed class RulePackDecider(ISessionFactory rules) : IDecider
{
    public IReadOnlyList<Decision> Decide(SignalContext context)
    {
        var session = rules.CreateSession();
        session.Insert(context.Signal);
        session.Insert(context.Interaction);
        session.Insert(context.History);
        session.Insert(context.Thresholds);
        session.Fire();
        return session.Query<Decision>().ToList();
    }
}
