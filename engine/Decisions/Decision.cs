using RiskTriggers.Engine.Alerts;

namespace RiskTriggers.Engine.Decisions;

/// <summary>What a rule proposes for a signal: how urgent, for whom, and what to do.</summary>
public sealed record Decision(string Rule, Priority Priority, Audience Audience, string RecommendedAction)
{
    /// <summary>The decision that wins when several rules fire: most urgent, then supervisor over agent, then by rule name; the first of equals.</summary>
    public static Decision? MostUrgent(IEnumerable<Decision> decisions)
    {
        Decision? best = null;
        foreach (var d in decisions)
        {
            if (best is null || Wins(d, best))
                best = d;
        }
        return best;
    }

    /// <inheritdoc cref="MostUrgent(IEnumerable{Decision})"/>
    public static Decision? MostUrgent(IReadOnlyList<Decision> decisions)
    {
        Decision? best = null;
        for (var i = 0; i < decisions.Count; i++)
        {
            if (best is null || Wins(decisions[i], best))
                best = decisions[i];
        }
        return best;
    }

    private static bool Wins(Decision d, Decision best)
    {
        if (d.Priority != best.Priority)
            return d.Priority < best.Priority;
        if (d.Audience != best.Audience)
            return d.Audience > best.Audience;
        return string.CompareOrdinal(d.Rule, best.Rule) < 0;
    }
}
