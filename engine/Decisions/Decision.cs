using RiskTriggers.Engine.Alerts;

namespace RiskTriggers.Engine.Decisions;

/// <summary>What a rule proposes for a signal: how urgent, for whom, and what to do.</summary>
public sealed record Decision(string Rule, Priority Priority, Audience Audience, string RecommendedAction)
{
    /// <summary>The decision that wins when several rules fire: most urgent, then supervisor over agent.</summary>
    public static Decision? MostUrgent(IEnumerable<Decision> decisions) =>
        decisions.OrderBy(d => d.Priority).ThenByDescending(d => d.Audience).ThenBy(d => d.Rule, StringComparer.Ordinal).FirstOrDefault();
}
