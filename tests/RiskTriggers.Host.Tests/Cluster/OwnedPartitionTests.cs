using RiskTriggers.Engine.Alerts;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Pipeline;
using RiskTriggers.Engine.Processing;
using RiskTriggers.Host.Cli;
using RiskTriggers.Host.Cluster;
using RiskTriggers.Host.Tests.Support;
using RiskTriggers.Rules;

namespace RiskTriggers.Host.Tests.Cluster;

/// <summary>Partitions driven on event time, as their owners drive them, give what <c>replay</c> gives; no I/O, no clock.</summary>
public sealed class OwnedPartitionTests
{
    private static readonly TimeSpan Lateness = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    [Test]
    public void Owners_SampleDayInStreamOrder_RaiseTheSameAlertsAsReplay()
    {
        var events = SampleEvents();
        var replayed = new List<Alert>();
        Replay.Run(events.InTimeOrder(e => e.OccurredAt, Lateness), DefaultEngine.Create(), step => replayed.AddRange(step.Alerts));

        var owned = OwnAll(4);
        var entry = 0UL;
        foreach (var e in events)
        {
            var partition = owned[Engine.State.Redis.StableHash.ShardOf(e.CustomerId, owned.Length)];
            partition.Take(e, new EntryId(++entry, 0));
            partition.Advance(partition.EventWatermark);
        }
        var end = events.Max(e => e.OccurredAt) + Replay.DefaultDrain;
        var alerts = owned.SelectMany(p => { p.Advance(end); return p.TakeAlerts(); }).ToList();

        Assert.That(replayed, Is.Not.Empty);
        Assert.That(alerts.Select(a => a.AlertId), Is.EquivalentTo(replayed.Select(a => a.AlertId)));
    }

    [Test]
    public void Advance_ReplyWithinLatenessAfterTheDeadline_DeadlineFiresFirstAsInReplay()
    {
        var owned = OwnAll(1)[0];
        owned.Take(Message("m1", T0), new EntryId(1, 0));
        // The reply is 10 s past the 5-minute deadline; it arrives before the watermark (event time − 30 s) reaches it.
        owned.Take(Reply("r1", T0.AddMinutes(5).AddSeconds(10)), new EntryId(2, 0));
        owned.Advance(owned.EventWatermark);
        Assert.That(owned.TakeAlerts(), Is.Empty, "nothing is due before the watermark passes it");

        owned.Take(Message("m2", T0.AddMinutes(6)), new EntryId(3, 0));
        owned.Advance(owned.EventWatermark);

        Assert.That(owned.TakeAlerts().SelectMany(a => a.Evidence).Select(e => e.Signal), Does.Contain("ReplyOverdue"));
    }

    [Test]
    public void Advance_ReplyArrivingLateButInTime_StopsTheDeadline()
    {
        var owned = OwnAll(1)[0];
        owned.Take(Message("m1", T0), new EntryId(1, 0));
        // Dated before the deadline, read after an event dated after it: held back by the lateness, it still counts.
        owned.Take(Message("m2", T0.AddMinutes(5).AddSeconds(20)), new EntryId(2, 0));
        owned.Take(Reply("r1", T0.AddMinutes(4)), new EntryId(3, 0));
        owned.Advance(T0.AddMinutes(6));

        Assert.That(owned.TakeAlerts().SelectMany(a => a.Evidence).Select(e => e.Signal), Does.Not.Contain("ReplyOverdue"));
    }

    [Test]
    public void Cursor_EventHeldBack_ResumesAtItsEntry_ElseAfterTheLastRead()
    {
        var owned = OwnAll(1)[0];
        owned.Take(Message("m1", T0), new EntryId(7, 1));
        Assert.That(owned.Cursor, Is.EqualTo("7-1"), "held: a new owner must read it again");

        owned.Advance(T0.AddMinutes(1));
        Assert.That((owned.Cursor, owned.ReadCursor), Is.EqualTo(("(7-1", "(7-1")));
    }

    private static OwnedPartition[] OwnAll(int count)
    {
        var engine = DefaultEngine.Create(options: new EngineOptions { Partitions = count, TrackChanges = true });
        return [.. engine.Partitions.Select(p => new OwnedPartition(p, Lateness, StreamCursor.Beginning, DateTimeOffset.MinValue))];
    }

    private static List<InteractionEvent> SampleEvents()
    {
        using var input = File.OpenRead(Repository.File("samples/events.jsonl"));
        return [.. new EventFile(input, "samples/events.jsonl", EventLimits.Default).Events()];
    }

    private static InteractionEvent Message(string id, DateTimeOffset at) =>
        new(id, EventType.CustomerMessage, at, "ix-1", "cust-1", Channel: "chat", AgentId: "agent-01", Text: "hello");

    private static InteractionEvent Reply(string id, DateTimeOffset at) =>
        new(id, EventType.AgentMessage, at, "ix-1", "cust-1", Channel: "chat", AgentId: "agent-01", Text: "on it");
}
