using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using RiskTriggers.Engine;
using RiskTriggers.Engine.Backtesting;

namespace RiskTriggers.Host.Cli;

/// <summary>The machine-readable backtest report (<c>--json</c>, <c>--format json</c>); the table is drawn from it too.</summary>
internal sealed record BacktestReport(
    string Events,
    string Horizon,
    int LinesRead,
    int Rejected,
    int EventsReplayed,
    int Interactions,
    int Complaints,
    BacktestSweepReport? Sweep,
    IReadOnlyList<BacktestRunReport> Runs)
{
    public static BacktestReport From(string events, TimeSpan horizon, BacktestHistory history, IReadOnlyList<BacktestVariant> variants,
        IReadOnlyList<BacktestOutcome> outcomes, SweepPlan? sweep)
    {
        var first = outcomes[0];
        var runs = variants.Zip(outcomes, (v, o) => new BacktestRunReport(
            v.Label, v.SettingsPath, v.Value?.Label, o.Failed, BacktestMetricsReport.From(null, o.Score.Overall),
            o.Score.ByRule.Select(r => BacktestMetricsReport.From(r.Rule, r.Metrics)).ToList())).ToList();
        return new BacktestReport(events, Durations.Format(horizon), history.LinesRead, history.Rejections.Count, first.Events,
            first.Interactions, first.Complaints.Count,
            sweep is null ? null : new BacktestSweepReport(sweep.Grid.Path, sweep.Grid.Values.Select(v => v.Label).ToList(), sweep.InForce?.Label),
            runs);
    }

    /// <summary>Readable JSON: labels and paths in Chinese stay as written.</summary>
    private static readonly BacktestJson Json = new(new JsonSerializerOptions(BacktestJson.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public string ToJson() => JsonSerializer.Serialize(this, Json.BacktestReport);

    /// <summary>Rows of (rule, settings) — the overall row first — with the settings side by side under each rule.</summary>
    public void WriteTable(TextWriter writer)
    {
        WriteHeader(writer);
        var rules = Runs.SelectMany(r => r.Rules).Select(r => r.Rule!).Distinct().Order(StringComparer.Ordinal).ToList();
        var labelWidth = Math.Max(8, Runs.Max(r => r.Label.Length));
        var ruleWidth = Math.Max(16, rules.Select(r => r.Length).DefaultIfEmpty(0).Max());
        writer.WriteLine($"{"rule".PadRight(ruleWidth)}  {"settings".PadRight(labelWidth)}  {MetricsHeader}");
        foreach (var rule in rules.Prepend(BacktestScorer.AllRules))
        {
            foreach (var run in Runs)
            {
                var metrics = rule == BacktestScorer.AllRules ? run.Overall : run.Rules.FirstOrDefault(r => r.Rule == rule) ?? BacktestMetricsReport.None(rule, Complaints);
                writer.WriteLine($"{rule.PadRight(ruleWidth)}  {run.Label.PadRight(labelWidth)}  {metrics.Row()}");
            }
        }
    }

    /// <summary>One row per swept value, in ascending order.</summary>
    public void WriteSweepTable(TextWriter writer)
    {
        WriteHeader(writer);
        var width = Math.Max(Sweep!.Path.Length, Runs.Max(r => r.Value!.Length));
        writer.WriteLine($"{Sweep.Path.PadLeft(width)}  {MetricsHeader}");
        foreach (var run in Runs)
            writer.WriteLine($"{run.Value!.PadLeft(width)}  {run.Overall.Row()}");
    }

    private const string MetricsHeader = "alerts  per 1k  precision  recall  median lead";

    private void WriteHeader(TextWriter writer)
    {
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"backtest {Events}: {EventsReplayed:N0} events, {Interactions:N0} interactions, {Complaints:N0} complaints (dissatisfied ratings included); horizon {Horizon}"));
        if (Runs.Sum(r => r.Failed) is > 0 and var failed)
            writer.WriteLine($"warning: {failed} engine steps failed; their alerts are missing from the scores");
        writer.WriteLine();
    }
}

/// <summary>One settings document's run.</summary>
internal sealed record BacktestRunReport(
    string Label,
    string? Settings,
    string? Value,
    int Failed,
    BacktestMetricsReport Overall,
    IReadOnlyList<BacktestMetricsReport> Rules);

/// <param name="InForce">The base document's value at <paramref name="Path"/>, the one a change would replace.</param>
internal sealed record BacktestSweepReport(string Path, IReadOnlyList<string> Values, string? InForce);

/// <summary>Metrics of all alerts (no rule) or one rule's; null means n/a (see docs/rule-authoring.md).</summary>
internal sealed record BacktestMetricsReport(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Rule,
    int Alerts,
    int AlertsFollowed,
    int Complaints,
    int ComplaintsPreceded,
    double? Precision,
    double? Recall,
    string? MedianLeadTime,
    double? MedianLeadTimeSeconds,
    double? AlertsPer1000Interactions)
{
    public static BacktestMetricsReport From(string? rule, BacktestMetrics m) => new(
        rule, m.Alerts, m.AlertsFollowed, m.Complaints, m.ComplaintsPreceded, m.Precision, m.Recall,
        m.MedianLeadTime is { } lead ? Durations.Format(lead) : null, m.MedianLeadTime?.TotalSeconds, m.AlertsPer1000Interactions);

    /// <summary>A rule that raised no alert in this run (it did in another).</summary>
    public static BacktestMetricsReport None(string rule, int complaints) =>
        new(rule, 0, 0, complaints, 0, null, complaints == 0 ? null : 0, null, null, 0);

    public string Row() => string.Create(CultureInfo.InvariantCulture,
        $"{Alerts,6}  {Rate(AlertsPer1000Interactions, "0.0"),6}  {Rate(Precision, "0.00"),9}  {Rate(Recall, "0.00"),6}  {MedianLeadTime ?? "n/a",11}");

    private static string Rate(double? value, string format) =>
        value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(BacktestReport))]
internal sealed partial class BacktestJson : JsonSerializerContext;
