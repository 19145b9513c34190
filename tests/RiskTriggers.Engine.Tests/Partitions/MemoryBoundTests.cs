using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Partitions;
using RiskTriggers.Rules;
using static RiskTriggers.Engine.Tests.Support.Ev;

namespace RiskTriggers.Engine.Tests.Partitions;

/// <summary>
/// What the engine holds is bounded by what is live — open interactions, closed ones within the dedup
/// horizon, windows still sliding — not by how many events went through: a million here, on a virtual clock.
/// </summary>
public sealed class MemoryBoundTests
{
    private const int Concurrent = 1_000;
    private const int EventsPerInteraction = 10;
    private const int Batches = 100; // 100 × 1,000 interactions × 10 events = 1,000,000 events, one per second

    [Test]
    public void MillionEvents_HeldStateStaysBoundedAndIsReleasedAfterTheHorizon()
    {
        var engine = DefaultEngine.Create();
        var peak = 0;
        long events = 0;
        foreach (var e in Traffic(leaveOpenEvery: 0))
        {
            engine.FireDue(e.OccurredAt);
            engine.Handle(e);
            if (++events % 10_000 == 0)
                peak = Math.Max(peak, engine.Counts().Interactions);
        }
        var end = T0 + TimeSpan.FromSeconds(events);
        var beforeDrain = engine.Counts();
        engine.FireDue(end + TimeSpan.FromDays(2));

        // Each batch spans 10,000 s; closed interactions are kept 24h (86,400 s): about 9 batches of them.
        const int bound = Concurrent * (86_400 / (Concurrent * EventsPerInteraction) + 2);
        Assert.Multiple(() =>
        {
            Assert.That(events, Is.EqualTo(1_000_000));
            Assert.That(peak, Is.LessThanOrEqualTo(bound), "interactions held at once");
            Assert.That(beforeDrain.Interactions, Is.LessThanOrEqualTo(bound));
            Assert.That(engine.Counts(), Is.EqualTo((0, 0)), "everything released once the horizons passed");
            Assert.That(engine.NextDue, Is.Null, "no timer left behind");
        });
    }

    [Test]
    public void InteractionsNeverClosed_AreReleasedAfterTheIdleHorizon()
    {
        var engine = DefaultEngine.Create();
        long events = 0;
        foreach (var e in Traffic(leaveOpenEvery: 10).Take(200_000))
        {
            engine.FireDue(e.OccurredAt);
            engine.Handle(e);
            events++;
        }
        var end = T0 + TimeSpan.FromSeconds(events);
        engine.FireDue(end + TimeSpan.FromHours(23));
        var beforeIdleHorizon = engine.Counts();
        engine.FireDue(end + TimeSpan.FromDays(2));

        Assert.Multiple(() =>
        {
            Assert.That(beforeIdleHorizon.Interactions, Is.GreaterThan(0), "an open interaction is kept while it may still get events");
            Assert.That(engine.Counts(), Is.EqualTo((0, 0)));
        });
    }

    /// <summary>
    /// Issue #8's bound: at most 1 KB per open interaction, with 100,000 open at once, each its own customer's,
    /// mid-conversation (queued, assigned, a reply clock running). The ids the events carry are counted too.
    /// </summary>
    [Test]
    public void HundredThousandOpenInteractions_HoldAtMostOneKilobyteEach()
    {
        const int open = 100_000;
        var engine = DefaultEngine.Create();
        engine.Handle(Started(Sec(0), ix: "warm-up", customer: "warm-up")); // rule pack, pools and statics loaded
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var n = 0; n < open; n++)
        {
            var (ix, customer, at) = ($"ix-{n:D7}", $"cust-{n:D7}", TimeSpan.FromMilliseconds(n));
            engine.Handle(Make(EventType.InteractionStarted, at, ix, customer, channel: "chat", id: $"e-{n}-0"));
            engine.Handle(Make(EventType.QueueEntered, at, ix, customer, queue: "billing", id: $"e-{n}-1"));
            engine.Handle(Make(EventType.AgentAssigned, at, ix, customer, agent: $"agent-{n % 50}", id: $"e-{n}-2"));
            engine.Handle(Make(EventType.CustomerMessage, at, ix, customer, text: "my parcel has not arrived", id: $"e-{n}-3"));
            engine.Handle(Make(EventType.AgentMessage, at, ix, customer, text: "checking", id: $"e-{n}-4"));
            engine.Handle(Make(EventType.CustomerMessage, at, ix, customer, text: "any news?", id: $"e-{n}-5"));
        }
        var perInteraction = (GC.GetTotalMemory(forceFullCollection: true) - before) / (double)open;
        TestContext.Out.WriteLine($"{perInteraction:F0} bytes per open interaction");

        Assert.That(engine.Counts().Interactions, Is.EqualTo(open + 1));
        Assert.That(perInteraction, Is.LessThanOrEqualTo(1024));
        GC.KeepAlive(engine);
    }

    [Test]
    public void RedeliveredEvent_AfterClose_IsADuplicateWithinTheHorizonOnly()
    {
        var engine = DefaultEngine.Create();
        var says = Says(Sec(10), "hello", ix: "ix-9", customer: "cust-9", id: "e-9");
        engine.Handle(Started(Sec(0), ix: "ix-9", customer: "cust-9"));
        engine.Handle(says);
        engine.Handle(Make(EventType.AgentMessage, Sec(20), ix: "ix-9"));
        engine.Handle(Make(EventType.InteractionClosed, Sec(30), ix: "ix-9"));

        engine.FireDue(T0 + Hours(23));
        var within = engine.Handle(says with { OccurredAt = T0 + Hours(23) });
        engine.FireDue(T0 + Hours(25));
        var after = engine.Handle(says with { OccurredAt = T0 + Hours(25) });

        Assert.That((within.Duplicate, after.Duplicate), Is.EqualTo((true, false)));
    }

    /// <summary>
    /// Batches of 1,000 concurrent interactions, their events round-robin, one event per virtual second:
    /// started, queued, assigned, then customer message / agent reply pairs and an inquiry, then closed
    /// (unless every <paramref name="leaveOpenEvery"/>-th interaction is left open).
    /// </summary>
    private static IEnumerable<InteractionEvent> Traffic(int leaveOpenEvery)
    {
        var second = 0;
        for (var batch = 0; batch < Batches; batch++)
        {
            for (var round = 0; round < EventsPerInteraction; round++)
            {
                for (var i = 0; i < Concurrent; i++)
                {
                    var n = batch * Concurrent + i;
                    var (ix, customer) = ($"ix-{n}", $"cust-{n % 20_000}");
                    var at = TimeSpan.FromSeconds(second++);
                    var id = $"e-{n}-{round}";
                    yield return round switch
                    {
                        0 => Make(EventType.InteractionStarted, at, ix, customer, channel: "chat", id: id),
                        1 => Make(EventType.QueueEntered, at, ix, customer, queue: "billing", id: id),
                        2 => Make(EventType.AgentAssigned, at, ix, customer, agent: $"agent-{i % 50}", id: id),
                        5 => Make(EventType.Inquiry, at, ix, customer, topic: "refund", id: id),
                        9 when leaveOpenEvery > 0 && n % leaveOpenEvery == 0 => Make(EventType.Inquiry, at, ix, customer, topic: "billing", id: id),
                        9 => Make(EventType.InteractionClosed, at, ix, customer, id: id),
                        _ when round % 2 == 1 => Make(EventType.CustomerMessage, at, ix, customer, text: "hello, any news?", id: id),
                        _ => Make(EventType.AgentMessage, at, ix, customer, text: "checking", id: id),
                    };
                }
            }
        }
    }
}
