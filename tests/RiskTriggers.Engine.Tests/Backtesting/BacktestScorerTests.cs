using RiskTriggers.Engine.Alerts;
using RiskTriggers.Engine.Backtesting;
using RiskTriggers.Engine.Events;
using static RiskTriggers.Engine.Tests.Support.Ev;

namespace RiskTriggers.Engine.Tests.Backtesting;

public sealed class BacktestScorerTests
{
    private static readonly TimeSpan Horizon = TimeSpan.FromHours(24);

    // The hand-made history (times after T0, horizon 24h, 8 interactions):
    //   alerts                                   complaints
    //   a1 MultipleSignals  cust A  0h           cA  cust A  5h
    //   a2 MultipleSignals  cust A  6h           cB  cust B  10m
    //   a3 SingleSignal     cust B  0h           cC  cust C  4h
    //   a4 SingleSignal     cust C  2h           cE  cust E  3h
    //   a5 VipCustomer      cust D  0h
    // Followed alerts: a1 (cA 5h later), a3 (cB 10m later), a4 (cC 2h later); a2 comes after cA, a5's customer
    //   never complains → precision 3/5 = 0.6.
    // Preceded complaints: cA (a1; a2 is later), cB (a3), cC (a4); nobody alerted about E → recall 3/4 = 0.75.
    // Lead times: cA 5h − 0h = 5h, cB 10m, cC 4h − 2h = 2h → sorted 10m, 2h, 5h → median 2h.
    // Volume: 5 alerts × 1000 / 8 interactions = 625 per 1k.
    // Per rule:
    //   MultipleSignals: 2 alerts, 1 followed (a1) → 0.5; preceded cA → 1/4 = 0.25; lead 5h; 250 per 1k.
    //   SingleSignal:    2 alerts, 2 followed → 1.0; preceded cB, cC → 2/4 = 0.5; leads 10m, 2h → median (10m + 2h) / 2 = 1h05m; 250 per 1k.
    //   VipCustomer:     1 alert, 0 followed → 0.0; recall 0/4 = 0; lead n/a; 125 per 1k.
    private static readonly Alert[] HandMadeAlerts =
    [
        AlertAt("a1", "MultipleSignals", "A", Hours(0)),
        AlertAt("a2", "MultipleSignals", "A", Hours(6)),
        AlertAt("a3", "SingleSignal", "B", Hours(0)),
        AlertAt("a4", "SingleSignal", "C", Hours(2)),
        AlertAt("a5", "VipCustomer", "D", Hours(0)),
    ];

    private static readonly InteractionEvent[] HandMadeComplaints =
    [
        ComplaintAt("A", Hours(5)),
        ComplaintAt("B", Min(10)),
        ComplaintAt("C", Hours(4)),
        ComplaintAt("E", Hours(3)),
    ];

    [Test]
    public void Score_HandMadeHistory_OverallMatchesHandArithmetic()
    {
        var overall = BacktestScorer.Score(HandMadeAlerts, HandMadeComplaints, 8, Horizon).Overall;

        Assert.Multiple(() =>
        {
            Assert.That(overall.Alerts, Is.EqualTo(5));
            Assert.That(overall.AlertsFollowed, Is.EqualTo(3));
            Assert.That(overall.Precision, Is.EqualTo(0.6).Within(1e-12));
            Assert.That(overall.Complaints, Is.EqualTo(4));
            Assert.That(overall.ComplaintsPreceded, Is.EqualTo(3));
            Assert.That(overall.Recall, Is.EqualTo(0.75).Within(1e-12));
            Assert.That(overall.MedianLeadTime, Is.EqualTo(Hours(2)));
            Assert.That(overall.AlertsPer1000Interactions, Is.EqualTo(625).Within(1e-9));
        });
    }

    [Test]
    public void Score_HandMadeHistory_PerRuleMatchesHandArithmetic()
    {
        var score = BacktestScorer.Score(HandMadeAlerts, HandMadeComplaints, 8, Horizon);

        Assert.That(score.ByRule.Select(r => r.Rule), Is.EqualTo(new[] { "MultipleSignals", "SingleSignal", "VipCustomer" }));
        var (multiple, single, vip) = (score.For("MultipleSignals")!, score.For("SingleSignal")!, score.For("VipCustomer")!);
        Assert.Multiple(() =>
        {
            Assert.That((multiple.Alerts, multiple.AlertsFollowed, multiple.ComplaintsPreceded), Is.EqualTo((2, 1, 1)));
            Assert.That(multiple.Precision, Is.EqualTo(0.5).Within(1e-12));
            Assert.That(multiple.Recall, Is.EqualTo(0.25).Within(1e-12));
            Assert.That(multiple.MedianLeadTime, Is.EqualTo(Hours(5)));
            Assert.That(multiple.AlertsPer1000Interactions, Is.EqualTo(250).Within(1e-9));

            Assert.That((single.Alerts, single.AlertsFollowed, single.ComplaintsPreceded), Is.EqualTo((2, 2, 2)));
            Assert.That(single.Precision, Is.EqualTo(1.0).Within(1e-12));
            Assert.That(single.Recall, Is.EqualTo(0.5).Within(1e-12));
            Assert.That(single.MedianLeadTime, Is.EqualTo(Min(65)));

            Assert.That((vip.Alerts, vip.AlertsFollowed, vip.ComplaintsPreceded), Is.EqualTo((1, 0, 0)));
            Assert.That(vip.Precision, Is.EqualTo(0.0));
            Assert.That(vip.Recall, Is.EqualTo(0.0));
            Assert.That(vip.MedianLeadTime, Is.Null);
            Assert.That(vip.AlertsPer1000Interactions, Is.EqualTo(125).Within(1e-9));
        });
    }

    [Test]
    public void Score_ComplaintExactlyAtHorizon_CountsAsFollowedAndPreceded()
    {
        var metrics = BacktestScorer.Score([AlertAt("a", "SingleSignal", "A", Hours(0))], [ComplaintAt("A", Hours(24))], 1, Horizon).Overall;

        Assert.Multiple(() =>
        {
            Assert.That(metrics.Precision, Is.EqualTo(1.0));
            Assert.That(metrics.Recall, Is.EqualTo(1.0));
            Assert.That(metrics.MedianLeadTime, Is.EqualTo(Hours(24)));
        });
    }

    [Test]
    public void Score_ComplaintOneTickPastHorizon_CountsNeither()
    {
        var metrics = BacktestScorer.Score(
            [AlertAt("a", "SingleSignal", "A", Hours(0))], [ComplaintAt("A", Hours(24) + TimeSpan.FromTicks(1))], 1, Horizon).Overall;

        Assert.That((metrics.AlertsFollowed, metrics.ComplaintsPreceded, metrics.MedianLeadTime), Is.EqualTo((0, 0, (TimeSpan?)null)));
    }

    [Test]
    public void Score_ComplaintBeforeTheAlert_CountsNeither()
    {
        var metrics = BacktestScorer.Score([AlertAt("a", "SingleSignal", "A", Hours(2))], [ComplaintAt("A", Hours(1))], 1, Horizon).Overall;

        Assert.Multiple(() =>
        {
            Assert.That(metrics.Precision, Is.EqualTo(0.0));
            Assert.That(metrics.Recall, Is.EqualTo(0.0));
            Assert.That(metrics.MedianLeadTime, Is.Null);
        });
    }

    [Test]
    public void Score_ComplaintAtTheAlertsInstant_CountsNeither()
    {
        // A warning raised the moment the customer complains warned nobody: the complaint must come after the alert.
        var metrics = BacktestScorer.Score([AlertAt("a", "SingleSignal", "A", Hours(1))], [ComplaintAt("A", Hours(1))], 1, Horizon).Overall;

        Assert.That((metrics.AlertsFollowed, metrics.ComplaintsPreceded), Is.EqualTo((0, 0)));
    }

    [Test]
    public void Score_ComplaintFromAnotherCustomer_CountsNeither()
    {
        var metrics = BacktestScorer.Score([AlertAt("a", "SingleSignal", "A", Hours(0))], [ComplaintAt("B", Hours(1))], 2, Horizon).Overall;

        Assert.That((metrics.AlertsFollowed, metrics.ComplaintsPreceded), Is.EqualTo((0, 0)));
    }

    [Test]
    public void Score_SeveralAlertsBeforeOneComplaint_LeadTimeFromTheFirstInsideTheHorizon()
    {
        // Complaint at 30h; alerts at 0h (30h before: outside), 10h (20h before) and 29h (1h before) → lead 20h.
        // Each of the two alerts inside the horizon is followed; the 0h one is not → precision 2/3.
        var metrics = BacktestScorer.Score(
            [AlertAt("a", "SingleSignal", "A", Hours(0)), AlertAt("b", "SingleSignal", "A", Hours(10)), AlertAt("c", "SingleSignal", "A", Hours(29))],
            [ComplaintAt("A", Hours(30))], 1, Horizon).Overall;

        Assert.Multiple(() =>
        {
            Assert.That(metrics.MedianLeadTime, Is.EqualTo(Hours(20)));
            Assert.That(metrics.AlertsFollowed, Is.EqualTo(2));
            Assert.That(metrics.ComplaintsPreceded, Is.EqualTo(1));
        });
    }

    [Test]
    public void Score_NoAlerts_PrecisionAndLeadTimeNotApplicable()
    {
        var score = BacktestScorer.Score([], [ComplaintAt("A", Hours(1))], 3, Horizon);

        Assert.Multiple(() =>
        {
            Assert.That(score.Overall.Precision, Is.Null);
            Assert.That(score.Overall.Recall, Is.EqualTo(0.0));
            Assert.That(score.Overall.MedianLeadTime, Is.Null);
            Assert.That(score.Overall.AlertsPer1000Interactions, Is.EqualTo(0.0));
            Assert.That(score.ByRule, Is.Empty);
        });
    }

    [Test]
    public void Score_NoComplaints_RecallNotApplicable()
    {
        var metrics = BacktestScorer.Score([AlertAt("a", "SingleSignal", "A", Hours(0))], [], 2, Horizon).Overall;

        Assert.Multiple(() =>
        {
            Assert.That(metrics.Recall, Is.Null);
            Assert.That(metrics.Precision, Is.EqualTo(0.0));
            Assert.That(metrics.AlertsPer1000Interactions, Is.EqualTo(500).Within(1e-9));
        });
    }

    [Test]
    public void Score_NoInteractions_VolumeNotApplicable()
    {
        var metrics = BacktestScorer.Score([], [], 0, Horizon).Overall;

        Assert.That((metrics.Precision, metrics.Recall, metrics.AlertsPer1000Interactions), Is.EqualTo(((double?)null, (double?)null, (double?)null)));
    }

    [Test]
    public void Score_NonPositiveHorizon_Throws()
    {
        Assert.That(() => BacktestScorer.Score([], [], 0, TimeSpan.Zero), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    private static Alert AlertAt(string id, string rule, string customer, TimeSpan at) =>
        new(id, rule, Priority.P3, Audience.Agent, $"ix-{customer}", customer, null, null, null, T0 + at, [], "");

    private static InteractionEvent ComplaintAt(string customer, TimeSpan at) =>
        Make(EventType.ComplaintFiled, at, ix: $"ix-{customer}", customer: customer, text: "complaint");
}
