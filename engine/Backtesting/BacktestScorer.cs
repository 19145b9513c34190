using RiskTriggers.Engine.Alerts;
using RiskTriggers.Engine.Events;

namespace RiskTriggers.Engine.Backtesting;

/// <summary>
/// Scores alerts against the complaints that followed them. Pure: the same alerts, complaints and horizon
/// always give the same score. docs/rule-authoring.md ("Backtest") defines each metric.
/// </summary>
public static class BacktestScorer
{
    /// <summary>The label of the overall row where rules and "all alerts" are listed together.</summary>
    public const string AllRules = "(all)";

    public static BacktestScore Score(
        IReadOnlyList<Alert> alerts, IReadOnlyList<InteractionEvent> complaints, int interactions, TimeSpan horizon)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentNullException.ThrowIfNull(complaints);
        ArgumentOutOfRangeException.ThrowIfNegative(interactions);
        if (horizon <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(horizon), horizon, "the horizon must be positive");

        var complaintTimes = complaints
            .GroupBy(c => c.CustomerId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(c => c.OccurredAt).Order().ToArray(), StringComparer.Ordinal);
        var byRule = alerts
            .GroupBy(a => a.Rule, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new RuleScore(g.Key, Measure(g.ToList(), complaints, complaintTimes, interactions, horizon)))
            .ToList();
        return new BacktestScore(horizon, Measure(alerts, complaints, complaintTimes, interactions, horizon), byRule);
    }

    private static BacktestMetrics Measure(
        IReadOnlyList<Alert> alerts, IReadOnlyList<InteractionEvent> complaints,
        Dictionary<string, DateTimeOffset[]> complaintTimes, int interactions, TimeSpan horizon)
    {
        var followed = alerts.Count(a =>
            complaintTimes.TryGetValue(a.CustomerId, out var times) && AnyIn(times, a.RaisedAt, a.RaisedAt + horizon));

        var alertTimes = alerts
            .GroupBy(a => a.CustomerId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(a => a.RaisedAt).Order().ToArray(), StringComparer.Ordinal);
        var leadTimes = new List<TimeSpan>();
        foreach (var complaint in complaints)
        {
            if (alertTimes.TryGetValue(complaint.CustomerId, out var times) &&
                FirstIn(times, complaint.OccurredAt - horizon, complaint.OccurredAt) is { } first)
                leadTimes.Add(complaint.OccurredAt - first);
        }
        return new BacktestMetrics(alerts.Count, followed, complaints.Count, leadTimes.Count, interactions, Median(leadTimes));
    }

    /// <summary>True if a sorted array holds a time in (after, until].</summary>
    private static bool AnyIn(DateTimeOffset[] sorted, DateTimeOffset after, DateTimeOffset until)
    {
        var i = FirstAfter(sorted, after);
        return i < sorted.Length && sorted[i] <= until;
    }

    /// <summary>The earliest time of a sorted array in [from, before), or null.</summary>
    private static DateTimeOffset? FirstIn(DateTimeOffset[] sorted, DateTimeOffset from, DateTimeOffset before)
    {
        var i = FirstAtOrAfter(sorted, from);
        return i < sorted.Length && sorted[i] < before ? sorted[i] : null;
    }

    private static int FirstAfter(DateTimeOffset[] sorted, DateTimeOffset time)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= time) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private static int FirstAtOrAfter(DateTimeOffset[] sorted, DateTimeOffset time)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < time) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// <summary>The middle value; with an even count, the mean of the two middle values. Null when empty.</summary>
    private static TimeSpan? Median(List<TimeSpan> values)
    {
        if (values.Count == 0)
            return null;
        values.Sort();
        var mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : values[mid - 1] + (values[mid] - values[mid - 1]) / 2;
    }
}
