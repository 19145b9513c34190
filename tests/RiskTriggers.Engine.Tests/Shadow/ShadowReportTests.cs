using RiskTriggers.Engine.Alerts;
using RiskTriggers.Engine.Shadow;

namespace RiskTriggers.Engine.Tests.Shadow;

public sealed class ShadowReportTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    [Test]
    public void Compare_SameAlertsOnBothSides_AllCountAsBoth()
    {
        Alert[] alerts = [A("ix-1", "SingleSignal", Priority.P3, 1), A("ix-2", "VipAnySignal", Priority.P1, 2)];

        var report = ShadowReport.Compare(alerts, alerts);

        Assert.That((report.OnlyLive, report.OnlyCandidate, report.Both, report.PriorityChanged), Is.EqualTo((0, 0, 2, 0)));
    }

    [Test]
    public void Compare_DifferentInteractionsOrRules_CountAsOnlyLiveAndOnlyCandidate()
    {
        Alert[] live = [A("ix-1", "SingleSignal", Priority.P3, 1), A("ix-2", "SingleSignal", Priority.P3, 2)];
        Alert[] candidate = [A("ix-1", "MultipleSignals", Priority.P2, 3), A("ix-2", "SingleSignal", Priority.P3, 4), A("ix-3", "SingleSignal", Priority.P3, 5)];

        var report = ShadowReport.Compare(live, candidate);

        Assert.Multiple(() =>
        {
            Assert.That((report.OnlyLive, report.OnlyCandidate, report.Both), Is.EqualTo((1, 2, 1)));
            Assert.That(report.OnlyLiveExamples.Select(e => (e.InteractionId, e.Rule, e.LivePriority, e.CandidatePriority)),
                Is.EqualTo(new[] { ("ix-1", "SingleSignal", (Priority?)Priority.P3, (Priority?)null) }));
            Assert.That(report.OnlyCandidateExamples.Select(e => (e.InteractionId, e.Rule)),
                Is.EqualTo(new[] { ("ix-1", "MultipleSignals"), ("ix-3", "SingleSignal") }));
        });
    }

    [Test]
    public void Compare_SameInteractionAndRuleAtAnotherPriorityOrTime_IsBothWithThePriorityChange()
    {
        var report = ShadowReport.Compare([A("ix-1", "SingleSignal", Priority.P3, 10)], [A("ix-1", "SingleSignal", Priority.P2, 4)]);

        Assert.Multiple(() =>
        {
            Assert.That((report.Both, report.PriorityChanged), Is.EqualTo((1, 1)));
            Assert.That(report.PriorityChangedExamples.Single(), Is.EqualTo(
                new ShadowExample("ix-1", "SingleSignal", Priority.P3, Priority.P2, T0.AddMinutes(10), T0.AddMinutes(4), "ReplyOverdue")));
        });
    }

    [Test]
    public void Compare_RuleRealertedAfterItsCooldown_MatchesOnceButCountsEveryAlertPerSide()
    {
        Alert[] live = [A("ix-1", "SingleSignal", Priority.P3, 1), A("ix-1", "SingleSignal", Priority.P3, 40)];

        var report = ShadowReport.Compare(live, [A("ix-1", "SingleSignal", Priority.P3, 2)]);

        Assert.That((report.Live.Alerts, report.Candidate.Alerts, report.Both, report.OnlyLive), Is.EqualTo((2, 1, 1, 0)));
    }

    [Test]
    public void Compare_EachSide_CountsAlertsByRuleAndByPriority()
    {
        Alert[] live = [A("ix-1", "SingleSignal", Priority.P3, 1), A("ix-2", "SingleSignal", Priority.P3, 2), A("ix-3", "VipAnySignal", Priority.P1, 3)];

        var report = ShadowReport.Compare(live, []);

        Assert.Multiple(() =>
        {
            Assert.That(report.Live.ByRule, Is.EqualTo(new Dictionary<string, int> { ["SingleSignal"] = 2, ["VipAnySignal"] = 1 }));
            Assert.That(report.Live.ByPriority, Is.EqualTo(new Dictionary<string, int> { ["P1"] = 1, ["P3"] = 2 }));
            Assert.That((report.Candidate.Alerts, report.Candidate.ByRule.Count, report.OnlyLive), Is.EqualTo((0, 0, 3)));
        });
    }

    [Test]
    public void Compare_MoreDifferencesThanExamples_ShowsTheEarliest()
    {
        var candidate = Enumerable.Range(0, 10).Select(i => A($"ix-{i}", "SingleSignal", Priority.P3, 10 - i)).ToList();

        var report = ShadowReport.Compare([], candidate, examples: 3);

        Assert.That((report.OnlyCandidate, report.OnlyCandidateExamples.Select(e => e.InteractionId)),
            Is.EqualTo((10, new[] { "ix-9", "ix-8", "ix-7" })));
    }

    private static Alert A(string interaction, string rule, Priority priority, int minute) => new(
        $"{rule}:{interaction}:{minute}", rule, priority, Audience.Agent, interaction, "cust-1", "agent-1", "billing", "chat",
        T0.AddMinutes(minute), [new Evidence("ReplyOverdue", ["evt-1"], "5m", "6m")], "Reply to the customer");
}
