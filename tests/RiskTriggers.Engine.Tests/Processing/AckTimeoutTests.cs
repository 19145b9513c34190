using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Partitions;
using RiskTriggers.Engine.Pipeline;
using RiskTriggers.Engine.Processing;
using RiskTriggers.Engine.Tests.Support;
using RiskTriggers.Rules;
using static RiskTriggers.Engine.Tests.Support.Ev;

namespace RiskTriggers.Engine.Tests.Processing;

/// <summary>
/// The ack timeout is an engine deadline: fired by the scheduler at the alert's <c>escalatesAt</c>, once, stopped by an
/// acknowledgement, and the same in a replay as live. Virtual time throughout.
/// </summary>
public sealed class AckTimeoutTests
{
    private const string Churn = "我要销户"; // a churn phrase: P3 to the agent on its own

    private static InteractionEvent[] Day() =>
    [
        Started(Min(0), "ix-1", "cust-1"), Assigned(Min(0.5), "ix-1"), Says(Min(1), Churn, "ix-1"),
        Started(Min(2), "ix-2", "cust-2"), Assigned(Min(2.5), "ix-2"), Says(Min(3), Churn, "ix-2"), Replies(Min(3.5), "ix-2"),
    ];

    [Test]
    public void NotAcknowledged_EscalatesExactlyOnce_AtEscalatesAt()
    {
        using var harness = new EngineHarness();
        harness.Send(Day());
        var alert = harness.Alerts.First(a => a.InteractionId == "ix-1");

        harness.AdvanceTo(alert.EscalatesAt!.Value - T0 - TimeSpan.FromMilliseconds(1));
        var early = Escalations(harness);
        harness.AdvanceTo(Hours(6));

        var escalation = Escalations(harness).Single(e => e.AlertId == alert.AlertId);
        Assert.Multiple(() =>
        {
            Assert.That(early.Where(e => e.AlertId == alert.AlertId), Is.Empty, "nothing before escalatesAt");
            Assert.That(escalation.At, Is.EqualTo(alert.EscalatesAt));
            Assert.That(harness.Steps.Single(s => s.Escalations.Contains(escalation)).At, Is.EqualTo(alert.EscalatesAt), "fired by the scheduler at that time");
            Assert.That((escalation.InteractionId, escalation.CustomerId), Is.EqualTo(("ix-1", "cust-1")));
        });
    }

    [Test]
    public void AcknowledgedBeforeTheTimeout_NeverEscalates()
    {
        var engine = DefaultEngine.Create();
        var alert = Day().Take(3).SelectMany(e => engine.Handle(e).Alerts).Single();

        var stopped = engine.Acknowledge("cust-1", alert.AlertId);
        var steps = new[] { engine.FireDue(alert.EscalatesAt!.Value), engine.FireDue(alert.EscalatesAt.Value + Hours(24)) };

        Assert.That(stopped, Is.True);
        Assert.That(steps.SelectMany(s => s.Escalations), Is.Empty);
        Assert.That(engine.Acknowledge("cust-1", alert.AlertId), Is.False, "acknowledged once: nothing left to stop");
    }

    [Test]
    public void AcknowledgedAfterTheTimeout_AlreadyEscalatedOnce()
    {
        var engine = DefaultEngine.Create();
        var alert = Day().Take(3).SelectMany(e => engine.Handle(e).Alerts).Single();

        var fired = engine.FireDue(alert.EscalatesAt!.Value).Escalations;

        Assert.That(fired.Select(e => e.AlertId), Is.EqualTo(new[] { alert.AlertId }));
        Assert.That(engine.Acknowledge("cust-1", alert.AlertId), Is.False);
        Assert.That(engine.FireDue(alert.EscalatesAt.Value + Hours(24)).Escalations, Is.Empty);
    }

    [Test]
    public void Replay_TwiceOverTheSameEvents_SameEscalations()
    {
        var day = Day();
        List<AlertEscalation> Run()
        {
            var escalations = new List<AlertEscalation>();
            Replay.Run(day, DefaultEngine.Create(), step => escalations.AddRange(step.Escalations));
            return escalations;
        }

        var first = Run();

        // ix-1 alerts twice (the churn phrase, then no agent reply), ix-2 once (it was answered): three ack timeouts.
        Assert.That(first.Select(e => e.InteractionId), Is.EquivalentTo(new[] { "ix-1", "ix-1", "ix-2" }));
        Assert.That(Run(), Is.EqualTo(first));
    }

    private static List<AlertEscalation> Escalations(EngineHarness harness) => [.. harness.Steps.SelectMany(s => s.Escalations)];
}
