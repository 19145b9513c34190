using RiskTriggers.Engine.Alerts;

namespace RiskTriggers.Engine.Shadow;

/// <summary>
/// Live alerts against a candidate's on the same events. Each side is counted by rule and by priority; the two
/// are matched by (interaction, rule), so an alert the candidate raises a little earlier or later, or at another
/// priority, still counts as both. Matched pairs are counted once however often the rule re-alerted.
/// </summary>
public sealed record ShadowReport(
    ShadowSide Live,
    ShadowSide Candidate,
    int OnlyLive,
    int OnlyCandidate,
    int Both,
    int PriorityChanged,
    IReadOnlyList<ShadowExample> OnlyLiveExamples,
    IReadOnlyList<ShadowExample> OnlyCandidateExamples,
    IReadOnlyList<ShadowExample> PriorityChangedExamples)
{
    /// <summary>Default number of examples per list.</summary>
    public const int DefaultExamples = 5;

    public static ShadowReport Compare(IReadOnlyCollection<Alert> live, IReadOnlyCollection<Alert> candidate, int examples = DefaultExamples)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentOutOfRangeException.ThrowIfNegative(examples);
        var liveByKey = FirstByKey(live);
        var candidateByKey = FirstByKey(candidate);

        var onlyLive = liveByKey.Where(p => !candidateByKey.ContainsKey(p.Key)).Select(p => Example(p.Value, null)).ToList();
        var onlyCandidate = candidateByKey.Where(p => !liveByKey.ContainsKey(p.Key)).Select(p => Example(null, p.Value)).ToList();
        var both = liveByKey.Where(p => candidateByKey.ContainsKey(p.Key)).Select(p => Example(p.Value, candidateByKey[p.Key])).ToList();
        var priorityChanged = both.Where(e => e.LivePriority != e.CandidatePriority).ToList();

        return new ShadowReport(
            ShadowSide.Of(live), ShadowSide.Of(candidate),
            onlyLive.Count, onlyCandidate.Count, both.Count, priorityChanged.Count,
            Earliest(onlyLive, examples), Earliest(onlyCandidate, examples), Earliest(priorityChanged, examples));
    }

    /// <summary>Per (interaction, rule): the most urgent alert, the earliest among equals.</summary>
    private static Dictionary<(string Interaction, string Rule), Alert> FirstByKey(IEnumerable<Alert> alerts) =>
        alerts
            .GroupBy(a => (a.InteractionId, a.Rule))
            .ToDictionary(g => g.Key, g => g.OrderBy(a => a.Priority).ThenBy(a => a.RaisedAt).First());

    private static ShadowExample Example(Alert? live, Alert? candidate)
    {
        var any = live ?? candidate!;
        return new ShadowExample(any.InteractionId, any.Rule, live?.Priority, candidate?.Priority,
            live?.RaisedAt, candidate?.RaisedAt, any.Evidence.FirstOrDefault()?.Signal);
    }

    private static IReadOnlyList<ShadowExample> Earliest(IEnumerable<ShadowExample> all, int count) =>
        all.OrderBy(e => e.LiveRaisedAt ?? e.CandidateRaisedAt)
            .ThenBy(e => e.InteractionId, StringComparer.Ordinal)
            .ThenBy(e => e.Rule, StringComparer.Ordinal)
            .Take(count)
            .ToList();
}

/// <summary>One side's alerts: how many, by rule and by priority.</summary>
public sealed record ShadowSide(int Alerts, IReadOnlyDictionary<string, int> ByRule, IReadOnlyDictionary<string, int> ByPriority)
{
    public static ShadowSide Of(IEnumerable<Alert> alerts)
    {
        var list = alerts.ToList();
        return new ShadowSide(
            list.Count,
            new SortedDictionary<string, int>(list.CountBy(a => a.Rule).ToDictionary(), StringComparer.Ordinal),
            new SortedDictionary<string, int>(list.CountBy(a => a.Priority.ToString()).ToDictionary(), StringComparer.Ordinal));
    }
}

/// <summary>An (interaction, rule) pair and how each side alerted on it; null where a side did not.</summary>
public sealed record ShadowExample(
    string InteractionId,
    string Rule,
    Priority? LivePriority,
    Priority? CandidatePriority,
    DateTimeOffset? LiveRaisedAt,
    DateTimeOffset? CandidateRaisedAt,
    string? Signal);
