using RiskTriggers.Engine.Tests.Support;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Partitions;
using RiskTriggers.Engine.Processing;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Rules;
using static RiskTriggers.Engine.Tests.Support.Ev;

namespace RiskTriggers.Engine.Tests.Partitions;

/// <summary>
/// A customer's state survives snapshot and restore piece by piece: a new owner resuming from the snapshots
/// does exactly what the old one would have done.
/// </summary>
public sealed class SnapshotTests
{
    private static readonly RiskSettings Vip = PhraseSettings.AnyPhrase;

    /// <summary>Events that leave every kind of state behind for cust-1.</summary>
    private static InteractionEvent[] Before() =>
    [
        // ix-1: context fields, seen ids, a signal kind, a cooldown, an unacknowledged alert, a reply clock running.
        Started(Sec(0), customer: "cust-1", channel: "chat", tier: "gold"),
        Queued(Sec(1), queue: "billing", customer: "cust-1"),
        Assigned(Sec(2), agent: "agent-7", customer: "cust-1"),
        Says(Sec(3), "this is ridiculous", id: "e-angry", customer: "cust-1"),
        // ix-2: a queue-wait clock running.
        Started(Sec(4), ix: "ix-2", customer: "cust-1"),
        Queued(Sec(5), ix: "ix-2", customer: "cust-1"),
        // ix-3: closed, kept for dedup.
        Started(Sec(6), ix: "ix-3", customer: "cust-1"),
        Make(EventType.InteractionClosed, Sec(7), ix: "ix-3", id: "e-closed", customer: "cust-1"),
        // An inquiry window with three entries (the fourth will signal).
        Inquiry(Sec(8), "refund", ix: "ix-1", customer: "cust-1"), Inquiry(Sec(9), "refund", ix: "ix-1", customer: "cust-1"), Inquiry(Sec(10), "refund", ix: "ix-1", customer: "cust-1"),
    ];

    /// <summary>What follows: a redelivery, more inquiries, another angry message inside the cooldown, time running on.</summary>
    private static readonly InteractionEvent[] After =
    [
        Says(Sec(3), "this is ridiculous", ix: "ix-1", id: "e-angry", customer: "cust-1"),
        Make(EventType.InteractionClosed, Sec(7), ix: "ix-3", id: "e-closed", customer: "cust-1"),
        Inquiry(Sec(20), "refund", ix: "ix-1", customer: "cust-1"),
        Says(Min(1), "still ridiculous", ix: "ix-1", customer: "cust-1"),
        Replies(Min(20), ix: "ix-2", customer: "cust-1"),
    ];

    [Test]
    public void Snapshot_RestoredIntoAnotherEngine_WritesTheSameBytes()
    {
        var engine = DefaultEngine.Create(new FixedSettings(Vip));
        foreach (var e in Before())
            engine.Handle(e);
        var partition = engine.Partition("cust-1");
        var snapshot = partition.Snapshot("cust-1")!;

        var other = DefaultEngine.Create(new FixedSettings(Vip));
        other.Partition("cust-1").Restore(snapshot);

        Assert.That(other.Partition("cust-1").Snapshot("cust-1"), Is.EqualTo(snapshot));
    }

    [Test]
    public void Snapshot_NewOwnerResumes_DoesWhatTheOldOwnerDoes()
    {
        var original = DefaultEngine.Create(new FixedSettings(Vip), new EngineOptions { TrackChanges = true });
        foreach (var e in Before())
            original.Handle(e);
        var resumed = DefaultEngine.Create(new FixedSettings(Vip));
        foreach (var customer in original.Partition("cust-1").TakeChanged())
            resumed.Partition(customer).Restore(original.Partition(customer).Snapshot(customer)!);

        Assert.That(Trace(resumed), Is.EqualTo(Trace(original)).AsCollection);
    }

    [Test]
    public void TakeChanged_WithoutTracking_SaysHowToTurnItOn()
    {
        var engine = DefaultEngine.Create();
        engine.Handle(Inquiry(TimeSpan.Zero, customer: "cust-1"));

        var error = Assert.Throws<InvalidOperationException>(() => engine.Partition("cust-1").TakeChanged());
        Assert.That(error!.Message, Does.Contain("EngineOptions.TrackChanges"));
    }

    [Test]
    public void Snapshot_EveryPieceOfState_IsCarriedOver()
    {
        var original = DefaultEngine.Create(new FixedSettings(Vip));
        foreach (var e in Before())
            original.Handle(e);
        var resumed = DefaultEngine.Create(new FixedSettings(Vip));
        resumed.Partition("cust-1").Restore(original.Partition("cust-1").Snapshot("cust-1")!);
        var trace = Trace(resumed);

        Assert.Multiple(() =>
        {
            Assert.That(trace, Has.Member("duplicate e-angry"), "seen ids of an open interaction");
            Assert.That(trace, Has.Member("duplicate e-closed"), "seen ids of a closed interaction");
            Assert.That(trace, Has.Some.StartsWith("signal InquiryRepeated 4"), "the inquiry window");
            Assert.That(trace, Has.Some.Match("^outcome NegativePhraseSpotted HeldByCooldown MultipleSignals|^outcome NegativePhraseSpotted HeldByCooldown SingleSignal"), "cooldowns");
            Assert.That(trace, Has.Some.StartsWith("escalation "), "pending acks");
            Assert.That(trace, Has.Some.StartsWith("signal ReplyOverdue"), "the reply clock");
            Assert.That(trace, Has.Some.StartsWith("signal QueueWaitExceeded"), "the queue-wait clock");
            Assert.That(trace, Has.Some.Contains("agent-7"), "context fields (the agent the alert goes to)");
            Assert.That(trace, Has.Some.Contains("MultipleSignals"), "signal kinds seen");
        });
    }

    [Test]
    public void Snapshot_OfAnUnknownCustomer_IsNull()
    {
        var engine = DefaultEngine.Create();
        Assert.That(engine.Partition("nobody").Snapshot("nobody"), Is.Null);
    }

    [Test]
    public void Restore_OtherFormatVersion_FailsWithAClearError()
    {
        var engine = DefaultEngine.Create();
        Assert.That(() => engine.Partition("x").Restore([99, 0]), Throws.TypeOf<InvalidDataException>().With.Message.Contains("format 99"));
    }

    /// <summary>Runs the events after the snapshot and the clock on, and writes down everything that came out.</summary>
    private static List<string> Trace(KeyedEngine engine)
    {
        var trace = new List<string>();
        foreach (var e in After)
        {
            Record(engine.FireDue(e.OccurredAt), trace);
            Record(engine.Handle(e), trace);
        }
        foreach (var minutes in new[] { 5, 10, 15, 30, 60, 24 * 60 + 60 })
            Record(engine.FireDue(T0 + Min(minutes)), trace);
        trace.Add($"held {engine.Counts()}");
        return trace;
    }

    private static void Record(EngineStep step, List<string> trace)
    {
        if (step.Duplicate)
            trace.Add($"duplicate {step.Event!.EventId}");
        foreach (var signal in step.Signals)
            trace.Add($"signal {signal.Kind} {(signal is RiskTriggers.Engine.Signals.InquiryRepeated r ? r.Count : 0)} {signal.DetectedAt:O} {signal.TriggeringEventId}");
        foreach (var outcome in step.Outcomes)
            trace.Add($"outcome {outcome.Signal.Kind} {outcome.Kind} {outcome.Rule} {outcome.AlertId} {outcome.CooldownUntil:O}");
        foreach (var alert in step.Alerts)
            trace.Add($"alert {alert.AlertId} {alert.Rule} {alert.Priority} {alert.AgentId} {alert.RaisedAt:O} {alert.EscalatesAt:O}");
        foreach (var escalation in step.Escalations)
            trace.Add($"escalation {escalation.AlertId} {escalation.At:O}");
    }
}
