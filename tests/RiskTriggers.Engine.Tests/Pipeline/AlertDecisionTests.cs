using RiskTriggers.Engine.Alerts;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Engine.Tests.Support;
using static RiskTriggers.Engine.Tests.Support.Ev;

namespace RiskTriggers.Engine.Tests.Pipeline;

/// <summary>Signals through the default rule pack into alerts, end to end on a virtual clock.</summary>
public sealed class AlertDecisionTests
{
    [Test]
    public void Alert_OneSignal_CarriesEveryFieldAndItsEvidence()
    {
        using var h = new EngineHarness(PhraseSettings.AnyPhrase);
        h.Send(Started(Sec(0)), Queued(Sec(1), queue: "billing"), Assigned(Sec(2), agent: "agent-7"),
               Says(Sec(10), "this is ridiculous", id: "evt-angry"));

        var alert = h.Alerts.Single();
        Assert.Multiple(() =>
        {
            Assert.That(alert.AlertId, Does.StartWith("al-"));
            Assert.That((alert.Rule, alert.Priority, alert.Audience), Is.EqualTo(("SingleSignal", Priority.P3, Audience.Agent)));
            Assert.That((alert.InteractionId, alert.CustomerId, alert.AgentId, alert.Queue), Is.EqualTo(("ix-1", "cust-1", "agent-7", "billing")));
            Assert.That(alert.RaisedAt, Is.EqualTo(T0 + Sec(10)));
            Assert.That(alert.Evidence.Single().EventIds, Is.EqualTo(new[] { "evt-angry" }));
            Assert.That(alert.Evidence.Single().Phrase, Is.EqualTo("ridiculous"));
            Assert.That(alert.RecommendedAction, Is.Not.Empty);
        });
    }

    [Test]
    public void Alert_SameRuleWithinCooldown_IsNotRaisedAgain()
    {
        using var h = new EngineHarness(PhraseSettings.AnyPhrase);
        h.Send(Started(Sec(0)), Assigned(Sec(1)), Says(Min(1), "ridiculous"), Replies(Min(2)),
               Says(Min(20), "ridiculous again"), Replies(Min(21)));

        Assert.That(h.Alerts.Count(a => a.Rule == "SingleSignal"), Is.EqualTo(1));
    }

    [Test]
    public void Alert_SameRuleAfterCooldown_IsRaisedAgain()
    {
        using var h = new EngineHarness(PhraseSettings.AnyPhrase);
        h.Send(Started(Sec(0)), Assigned(Sec(1)), Says(Min(1), "ridiculous"), Replies(Min(2)),
               Says(Min(31) + Sec(1), "ridiculous again"), Replies(Min(32)));

        Assert.That(h.Alerts.Count(a => a.Rule == "SingleSignal"), Is.EqualTo(2));
    }

    [Test]
    public void Alert_SecondDifferentSignal_IsOneLevelMoreUrgent()
    {
        using var h = new EngineHarness(PhraseSettings.AnyPhrase);
        h.Send(Started(Sec(0)), Assigned(Sec(1)), Says(Min(1), "ridiculous"));
        h.AdvanceTo(Min(7));

        Assert.That(h.Alerts.Select(a => (a.Rule, a.Priority)),
            Is.EqualTo(new[] { ("SingleSignal", Priority.P3), ("MultipleSignals", Priority.P2) }));
    }

    [Test]
    public void Alert_VipCustomer_P1ToSupervisor()
    {
        using var h = new EngineHarness(PhraseSettings.AnyPhrase);
        h.Send(Started(Sec(0), tier: "vip"), Assigned(Sec(1)), Says(Min(1), "怎么回事"));

        Assert.That(h.Alerts.Select(a => (a.Rule, a.Priority, a.Audience)),
            Is.EqualTo(new[] { ("VipCustomer", Priority.P1, Audience.Supervisor) }));
    }

    [Test]
    public void Alert_EscalationThreat_P1ToSupervisor()
    {
        using var h = new EngineHarness(PhraseSettings.AnyPhrase);
        h.Send(Started(Sec(0)), Assigned(Sec(1)), Says(Min(1), "再不处理我要投诉"));

        Assert.That(h.Alerts.Select(a => (a.Rule, a.Priority, a.Audience)),
            Is.EqualTo(new[] { ("EscalationThreat", Priority.P1, Audience.Supervisor) }));
    }

    [Test]
    public void Alert_CooldownSetting_IsReadFromSettings()
    {
        var settings = RiskSettings.Parse("""{ "negativePhrase": { "minWeight": 1 }, "alerts": { "cooldown": "0s" } }""");
        using var h = new EngineHarness(settings);
        h.Send(Started(Sec(0)), Assigned(Sec(1)), Says(Min(1), "ridiculous"), Replies(Min(2)), Says(Min(3), "ridiculous"));

        Assert.That(h.Alerts.Count(a => a.Rule == "SingleSignal"), Is.EqualTo(2));
    }

    [Test]
    public void Event_DeliveredTwice_IsHandledOnceAndRaisesOneAlert()
    {
        using var h = new EngineHarness(PhraseSettings.AnyPhrase);
        var angry = Says(Min(1), "ridiculous");
        h.Send(Started(Sec(0)), Assigned(Sec(1)), angry, angry);

        Assert.Multiple(() =>
        {
            Assert.That(h.Steps.Count(s => s.Duplicate), Is.EqualTo(1));
            Assert.That(h.Alerts.Count(), Is.EqualTo(1));
        });
    }
}
