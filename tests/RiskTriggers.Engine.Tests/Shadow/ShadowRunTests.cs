using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using RiskTriggers.Engine.Alerts;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Pipeline;
using RiskTriggers.Engine.Processing;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Engine.Shadow;
using RiskTriggers.Rules;
using static RiskTriggers.Engine.Tests.Support.Ev;

namespace RiskTriggers.Engine.Tests.Shadow;

/// <summary>
/// A candidate that wants replies within 2 minutes instead of 5, shadowing the live engine on the same events.
/// ix-1's agent replies after 3 minutes (overdue only for the candidate); ix-2 gets no reply (overdue for both);
/// ix-3's agent replies after 1 minute (overdue for neither).
/// </summary>
public sealed class ShadowRunTests
{
    private static readonly RiskSettings Candidate = RiskSettings.Parse("""{ "replyOverdue": { "after": "2m" } }""", version: 2);

    private static InteractionEvent[] History() =>
    [
        Started(Sec(0), ix: "ix-1"), Assigned(Sec(1), ix: "ix-1"), Says(Sec(10), "hello?", ix: "ix-1"), Replies(Sec(10) + Min(3), ix: "ix-1"),
        Started(Sec(0), ix: "ix-2", customer: "cust-2"), Assigned(Sec(1), ix: "ix-2"), Says(Sec(20), "anyone?", ix: "ix-2", customer: "cust-2"),
        Started(Sec(0), ix: "ix-3", customer: "cust-3"), Assigned(Sec(1), ix: "ix-3"), Says(Sec(30), "hi", ix: "ix-3", customer: "cust-3"),
        Replies(Sec(30) + Min(1), ix: "ix-3"),
    ];

    [Test]
    public void Replay_LiveAndCandidateOverTheSameEvents_ReportShowsWhatTheCandidateAdds()
    {
        var events = History().OrderBy(e => e.OccurredAt).ToList();
        var live = ReplayAlerts(events, RiskSettings.BuiltIn);
        var candidate = ReplayAlerts(events, Candidate);

        var report = ShadowReport.Compare(live, candidate);

        Assert.Multiple(() =>
        {
            Assert.That((report.Live.Alerts, report.Candidate.Alerts), Is.EqualTo((1, 2)));
            Assert.That((report.OnlyLive, report.OnlyCandidate, report.Both), Is.EqualTo((0, 1, 1)));
            Assert.That(report.OnlyCandidateExamples.Single().InteractionId, Is.EqualTo("ix-1"));
            Assert.That(report.OnlyCandidateExamples.Single().Signal, Is.EqualTo("ReplyOverdue"));
        });
    }

    [Test]
    public void Replay_TwoEnginesSideBySide_EachRaisesWhatItRaisesAlone()
    {
        var events = History().OrderBy(e => e.OccurredAt).ToList();
        var sides = new[] { new List<Alert>(), new List<Alert>() };

        // One pass over the events, one clock, as replay --shadow runs them.
        Replay.Run(events, [DefaultEngine.Create(new FixedSettings(RiskSettings.BuiltIn)), DefaultEngine.Create(new FixedSettings(Candidate))],
            (engine, step) => sides[engine].AddRange(step.Alerts));

        Assert.Multiple(() =>
        {
            Assert.That(sides[0].Select(a => (a.AlertId, a.RaisedAt)), Is.EqualTo(ReplayAlerts(events, RiskSettings.BuiltIn).Select(a => (a.AlertId, a.RaisedAt))));
            Assert.That(sides[1].Select(a => (a.AlertId, a.RaisedAt)), Is.EqualTo(ReplayAlerts(events, Candidate).Select(a => (a.AlertId, a.RaisedAt))));
            Assert.That(sides.Select(s => s.Count), Is.EqualTo(new[] { 1, 2 }));
        });
    }

    [Test]
    public void ShadowRun_TappedIntoTheLivePipeline_RecordsBothSidesAndDeliversNothing()
    {
        var scheduler = new HistoricalScheduler(T0);
        using var shadow = new ShadowRun(settings => DefaultEngine.Create(new FixedSettings(settings)), scheduler);
        var liveEngine = DefaultEngine.Create();
        using var events = new Subject<InteractionEvent>();
        var delivered = new List<Alert>();
        using var _ = events.Do(shadow.OnEvent).Process(liveEngine, scheduler).Do(shadow.OnLiveStep).Subscribe(step => delivered.AddRange(step.Alerts));

        var started = shadow.Start(Candidate);
        foreach (var e in History().OrderBy(e => e.OccurredAt))
        {
            scheduler.AdvanceTo(e.OccurredAt);
            events.OnNext(e);
        }
        scheduler.AdvanceBy(Hours(1));
        var report = shadow.Report()!;

        Assert.Multiple(() =>
        {
            Assert.That((started.Candidate, started.CandidateVersion, started.StartedAt), Is.EqualTo(("v2", 2, T0)));
            Assert.That(delivered.Select(a => a.InteractionId), Is.EqualTo(new[] { "ix-2" }), "only live alerts are delivered");
            Assert.That((report.Status.Events, report.Status.LiveAlerts, report.Status.CandidateAlerts), Is.EqualTo((11L, 1, 2)));
            Assert.That(report.Status.LiveVersions, Is.EqualTo(new[] { 0 }));
            Assert.That((report.Comparison.OnlyLive, report.Comparison.OnlyCandidate, report.Comparison.Both), Is.EqualTo((0, 1, 1)));
        });
    }

    [Test]
    public void ShadowRun_Stopped_HasNoReportAndIgnoresEvents()
    {
        var scheduler = new HistoricalScheduler(T0);
        using var shadow = new ShadowRun(settings => DefaultEngine.Create(new FixedSettings(settings)), scheduler);
        shadow.Start(Candidate);

        var stopped = shadow.Stop();
        shadow.OnEvent(Says(Sec(1), "hello?"));

        Assert.That((stopped, shadow.Status, shadow.Report(), shadow.Stop()), Is.EqualTo((true, (ShadowStatus?)null, (ShadowRunReport?)null, false)));
    }

    [Test]
    public void ShadowRun_StartedAgain_ReplacesTheRunningShadowAndStartsAfresh()
    {
        var scheduler = new HistoricalScheduler(T0);
        using var shadow = new ShadowRun(settings => DefaultEngine.Create(new FixedSettings(settings)), scheduler);
        shadow.Start(Candidate);
        shadow.OnEvent(Says(Sec(1), "hello?"));

        shadow.Start(RiskSettings.BuiltIn, name: "unsaved document");

        Assert.That((shadow.Status!.Candidate, shadow.Status.Events), Is.EqualTo(("unsaved document", 0L)));
    }

    private static List<Alert> ReplayAlerts(IEnumerable<InteractionEvent> events, RiskSettings settings)
    {
        var alerts = new List<Alert>();
        Replay.Run(events, DefaultEngine.Create(new FixedSettings(settings)), step => alerts.AddRange(step.Alerts));
        return alerts;
    }
}
