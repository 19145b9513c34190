using RiskTriggers.Host.Scoring;

namespace RiskTriggers.Host.Alerts.Insights;

/// <summary>
/// Live precision of one rule from the outcomes people recorded: of the alerts resolved in the window, the share
/// that pointed at a real risk (<c>prevented</c> + <c>complaintFollowed</c>), with its 95% Wilson interval —
/// a handful of resolutions says little, and the interval shows how little.
/// </summary>
public sealed record RulePrecision(
    string Rule, int Resolved, int Useful, int Prevented, int ComplaintFollowed, int FalseAlarms,
    double? Precision, double? PrecisionLow, double? PrecisionHigh)
{
    /// <summary>The row that counts every rule together.</summary>
    public const string AllRules = "(all)";

    public static RulePrecision Of(string rule, IReadOnlyCollection<AlertRecord> resolved)
    {
        int Count(AlertOutcome o) => resolved.Count(a => a.Outcome == o);
        var (prevented, followed, falseAlarms) = (Count(AlertOutcome.Prevented), Count(AlertOutcome.ComplaintFollowed), Count(AlertOutcome.FalseAlarm));
        var (useful, total) = (prevented + followed, prevented + followed + falseAlarms);
        var interval = WilsonInterval.Of(useful, total);
        return new RulePrecision(rule, total, useful, prevented, followed, falseAlarms,
            total == 0 ? null : (double)useful / total, interval?.Low, interval?.High);
    }
}

/// <summary>Precision per rule over the alerts resolved in the last <see cref="Days"/> days, and over all of them.</summary>
public sealed record PrecisionReport(int Days, DateTimeOffset Since, DateTimeOffset Until, IReadOnlyList<RulePrecision> Rules, RulePrecision Overall)
{
    public const int DefaultDays = 7;
    public const int MaxDays = 365;

    public static PrecisionReport Of(IEnumerable<AlertRecord> alerts, DateTimeOffset now, int days)
    {
        var since = now - TimeSpan.FromDays(days);
        var resolved = alerts.Where(a => a.Outcome is not null && a.Resolution is { } r && r.At > since && r.At <= now).ToList();
        var rules = resolved.GroupBy(a => a.Alert.Rule, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => RulePrecision.Of(g.Key, g.ToList()))
            .ToList();
        return new PrecisionReport(days, since, now, rules, RulePrecision.Of(RulePrecision.AllRules, resolved));
    }
}
