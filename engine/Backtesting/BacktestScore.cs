namespace RiskTriggers.Engine.Backtesting;

/// <summary>
/// How well alerts foretold complaints, overall and per rule. An alert and a complaint <em>match</em> when they
/// concern the same customer and the complaint came after the alert, at most the horizon later
/// (0 &lt; complaint − alert ≤ horizon).
/// </summary>
public sealed record BacktestScore(TimeSpan Horizon, BacktestMetrics Overall, IReadOnlyList<RuleScore> ByRule)
{
    /// <summary>The metrics of one rule, or null if the rule raised no alert.</summary>
    public BacktestMetrics? For(string rule) => ByRule.FirstOrDefault(r => r.Rule == rule)?.Metrics;
}

/// <summary>The metrics of the alerts of one rule.</summary>
public sealed record RuleScore(string Rule, BacktestMetrics Metrics);

/// <summary>
/// Counts behind the metrics, and the metrics themselves; a metric whose denominator is zero is null ("n/a").
/// </summary>
/// <param name="Alerts">Alerts scored.</param>
/// <param name="AlertsFollowed">Alerts followed by a matching complaint.</param>
/// <param name="Complaints">Complaints in the history (all of them, also for a single rule).</param>
/// <param name="ComplaintsPreceded">Complaints preceded by at least one matching alert.</param>
/// <param name="Interactions">Distinct interactions in the history.</param>
/// <param name="MedianLeadTime">Median over preceded complaints of complaint time − first matching alert time.</param>
public sealed record BacktestMetrics(
    int Alerts,
    int AlertsFollowed,
    int Complaints,
    int ComplaintsPreceded,
    int Interactions,
    TimeSpan? MedianLeadTime)
{
    /// <summary>Share of alerts followed by a complaint; null with no alert.</summary>
    public double? Precision => Alerts == 0 ? null : (double)AlertsFollowed / Alerts;

    /// <summary>Share of complaints preceded by an alert; null with no complaint.</summary>
    public double? Recall => Complaints == 0 ? null : (double)ComplaintsPreceded / Complaints;

    /// <summary>Alert volume: alerts per 1,000 interactions; null with no interaction.</summary>
    public double? AlertsPer1000Interactions => Interactions == 0 ? null : Alerts * 1000.0 / Interactions;
}
