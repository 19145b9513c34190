using System.Globalization;
using RiskTriggers.Engine.Alerts;
using RiskTriggers.Engine.Processing;
using RiskTriggers.Engine.Shadow;

namespace RiskTriggers.Host.Cli;

/// <summary>
/// <c>replay --shadow CANDIDATE</c>: shadow mode on history. The candidate document runs beside the one in force on
/// the same events and clock; its alerts are kept, never printed as alerts, and compared with those in force as
/// the live shadow does (<see cref="ShadowReport"/>: matched by interaction and rule): what the candidate would
/// add, what it would drop, and where it changes the priority.
/// </summary>
internal sealed class ReplayShadow(string candidate, string inForce)
{
    private readonly List<Alert> _inForce = [];
    private readonly List<Alert> _candidate = [];

    public void AddInForce(EngineStep step) => _inForce.AddRange(step.Alerts);

    public void AddCandidate(EngineStep step) => _candidate.AddRange(step.Alerts);

    public void WriteTo(TextWriter writer, int examples = 10)
    {
        var report = ShadowReport.Compare(_inForce, _candidate, examples);
        writer.WriteLine($"shadow: {candidate} beside {inForce}");
        writer.WriteLine($"  {"alerts",-30} {"in force",9} {"candidate",9}");
        writer.WriteLine($"  {"(all)",-30} {report.Live.Alerts,9} {report.Candidate.Alerts,9}");
        foreach (var key in report.Live.ByRule.Keys.Union(report.Candidate.ByRule.Keys).Order(StringComparer.Ordinal))
            writer.WriteLine($"  {key,-30} {report.Live.ByRule.GetValueOrDefault(key),9} {report.Candidate.ByRule.GetValueOrDefault(key),9}");
        writer.WriteLine($"  by interaction and rule: {report.OnlyCandidate} only the candidate raises, {report.OnlyLive} only the one in force, " +
                         $"{report.Both} both ({report.PriorityChanged} at another priority)");
        Examples(writer, "would add", report.OnlyCandidateExamples, report.OnlyCandidate);
        Examples(writer, "would drop", report.OnlyLiveExamples, report.OnlyLive);
        Examples(writer, "priority", report.PriorityChangedExamples, report.PriorityChanged);
    }

    private static void Examples(TextWriter writer, string title, IReadOnlyList<ShadowExample> shown, int all)
    {
        foreach (var e in shown)
        {
            var at = (e.CandidateRaisedAt ?? e.LiveRaisedAt)!.Value.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            var priority = (e.LivePriority, e.CandidatePriority) switch
            {
                ({ } was, { } now) => $"{was} -> {now}",
                (var was, var now) => (was ?? now).ToString(),
            };
            writer.WriteLine($"  {title,-10}  {e.InteractionId}  {e.Rule,-18} {priority,-8} {at}  {e.Signal}");
        }
        if (all > shown.Count)
            writer.WriteLine($"  {title,-10}  … and {all - shown.Count} more");
    }
}
