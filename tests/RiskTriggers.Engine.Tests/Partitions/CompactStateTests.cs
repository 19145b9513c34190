using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Partitions;
using RiskTriggers.Engine.Processing;
using RiskTriggers.Rules;
using static RiskTriggers.Engine.Tests.Support.Ev;

namespace RiskTriggers.Engine.Tests.Partitions;

/// <summary>
/// The compact shapes of a customer's state — a field for one interaction or window, a small array for a few,
/// a dictionary beside the array past the scan limit, window entries in an array of their own, seen ids as a
/// struct — behave like the collections they replaced: same lookups, same order, same snapshots.
/// </summary>
public sealed class CompactStateTests
{
    [TestCase(1)]
    [TestCase(3)]
    [TestCase(40)] // past the scan limit: looked up through the dictionary
    public void Interactions_AddFindRemove_KeepFirstSeenOrder(int count)
    {
        var interactions = new CustomerInteractions();
        var added = Enumerable.Range(0, count).Select(i => new OpenInteraction($"ix-{i}")).ToList();
        foreach (var interaction in added)
            interactions.Add(interaction); // a struct: added in place, not through a delegate (that would box a copy)

        Assert.That(interactions.All.ToArray().Select(i => i.InteractionId), Is.EqualTo(added.Select(i => i.InteractionId)));
        foreach (var interaction in added)
            Assert.That(interactions.TryGetValue(interaction.InteractionId, out var found) && ReferenceEquals(found, interaction), interaction.InteractionId);
        Assert.That(interactions.TryGetValue("ix-unknown", out _), Is.False);

        var removed = added.Where((_, i) => i % 2 == 0).ToList();
        foreach (var interaction in removed)
            Assert.That(interactions.Remove(interaction.InteractionId), Is.True);
        var kept = added.Except(removed).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(interactions.Count, Is.EqualTo(kept.Count));
            Assert.That(interactions.All.ToArray(), Is.EqualTo(kept), "the rest, still in first-seen order");
            Assert.That(removed.All(i => i.Released), "a removed interaction is marked released (its timers are stale)");
            Assert.That(removed.Any(i => interactions.TryGetValue(i.InteractionId, out _)), Is.False);
            Assert.That(interactions.Remove(removed[0].InteractionId), Is.False, "removed once only");
        });
    }

    [Test]
    public void Window_KeepsEntriesInTimeOrder_AndDropsThoseThatSlidOut()
    {
        var window = new InquiryWindow("refund");
        var length = Min(10);
        window.Add(T0 + Min(5), "e-5", length);
        window.Add(T0 + Min(1), "e-1", length); // late, but inside the window: goes before e-5
        window.Add(T0 + Min(7), "e-7", length);
        Assert.That(window.Entries.ToArray().Select(e => e.EventId), Is.EqualTo(new[] { "e-1", "e-5", "e-7" }));

        window.Add(T0 + Min(12), "e-12", length); // e-1 slid out (at or before 12 - 10 = 2)
        Assert.Multiple(() =>
        {
            Assert.That(window.Entries.ToArray().Select(e => e.EventId), Is.EqualTo(new[] { "e-5", "e-7", "e-12" }));
            Assert.That(window.ExpiresAt, Is.EqualTo(T0 + Min(22)));
        });

        window.Trim(T0 + Min(30));
        Assert.Multiple(() =>
        {
            Assert.That(window.Count, Is.Zero);
            Assert.That(window.ExpiresAt, Is.Null);
        });
    }

    [Test]
    public void Window_OfOneInquiry_SlidesEmpty_AndTakesTheNext()
    {
        var window = new InquiryWindow("refund");
        var length = Min(10);
        window.Add(T0, "e-0", length);
        Assert.That(window.ExpiresAt, Is.EqualTo(T0 + Min(10)));
        window.Add(T0 + Min(11), "e-11", length); // e-0 slid out as e-11 came
        Assert.That(window.Entries.ToArray().Select(e => e.EventId), Is.EqualTo(new[] { "e-11" }));
        window.Trim(T0 + Min(21));
        Assert.That(window.Count, Is.Zero);
        window.Add(T0 + Min(30), "e-30", length);
        window.Add(T0 + Min(29), "e-29", length);
        Assert.That(window.Entries.ToArray().Select(e => (e.At, e.EventId)), Is.EqualTo(new[] { (T0 + Min(29), "e-29"), (T0 + Min(30), "e-30") }));
    }

    [Test]
    public void SeenIds_RecogniseRepeats_BeforeAndPastTheScanLimit()
    {
        var interaction = new OpenInteraction("ix-1");
        for (var i = 0; i < 10; i++)
            Assert.That(interaction.SeenEvents.Add($"e-{i}"), Is.True);
        Assert.That(interaction.SeenEvents.Add("e-3"), Is.False, "an id seen before");
        for (var i = 10; i < 100; i++)
            Assert.That(interaction.SeenEvents.Add($"e-{i}"), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(interaction.SeenEvents.Add("e-3"), Is.False, "an id seen before the set grew past the scan limit");
            Assert.That(interaction.SeenEvents.Add("e-99"), Is.False);
            Assert.That(interaction.SeenEvents.Count, Is.EqualTo(100), "the field changed in place");
        });
    }

    [Test]
    public void Cooldowns_StartedAgain_ReplaceTheRulesOwn_AndGoLast()
    {
        var interaction = new OpenInteraction("ix-1");
        interaction.StartCooldown(new Cooldown("SingleSignal", T0 + Min(10), "a-1"));
        interaction.StartCooldown(new Cooldown("VipCustomer", T0 + Min(20), "a-2"));
        interaction.StartCooldown(new Cooldown("SingleSignal", T0 + Min(30), "a-3"));

        Assert.Multiple(() =>
        {
            Assert.That(interaction.Cooldowns.ToArray().Select(c => c.OwnerAlertId), Is.EqualTo(new[] { "a-2", "a-3" }), "one per rule, the latest last");
            Assert.That(interaction.CooldownOf("SingleSignal")!.Value.Until, Is.EqualTo(T0 + Min(30)));
            Assert.That(new OpenInteraction("ix-2").Cooldowns.IsEmpty, "none until the first alert");
        });
    }

    [Test]
    public void Context_SameChannelQueueAgentTier_IsOneSharedObject_AndAReopenForgetsIt()
    {
        var pool = new StringPool();
        var first = new OpenInteraction("ix-1");
        var second = new OpenInteraction("ix-2");
        foreach (var interaction in new[] { first, second })
        {
            interaction.Merge(Started(TimeSpan.Zero, interaction.InteractionId), pool);
            interaction.SetContext(pool, interaction.Channel, "billing", "agent-01", interaction.CustomerTier);
        }
        var firstContext = (first.Channel, first.Queue, first.AgentId, first.CustomerTier);
        first.Merge(Make(EventType.AgentMessage, Min(1), "ix-1"), pool); // no channel, queue, agent or tier: keeps them

        Assert.Multiple(() =>
        {
            Assert.That((first.Channel, first.Queue, first.AgentId, first.CustomerTier), Is.EqualTo(firstContext));
            Assert.That((first.Queue, first.AgentId), Is.EqualTo(("billing", "agent-01")));
            Assert.That(ReferenceEquals(first.Queue, second.Queue) && ReferenceEquals(first.AgentId, second.AgentId), "pooled strings");
            Assert.That(first.LastEventAt, Is.EqualTo(T0 + Min(1)));
        });
        first.ForgetContext();
        Assert.That((first.Channel, first.Queue, first.AgentId, first.CustomerTier), Is.EqualTo(((string?)null, (string?)null, (string?)null, (string?)null)));
    }

    [Test]
    public void Times_KeepTheOffsetGiven_AndClosedAtIsNullWhileOpen()
    {
        var interaction = new OpenInteraction("ix-1");
        Assert.That(interaction.ClosedAt, Is.Null);
        var closed = new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.FromHours(8));
        interaction.ClosedAt = closed;
        interaction.LastEventAt = closed.AddTicks(1).ToOffset(TimeSpan.FromMinutes(-210));
        Assert.Multiple(() =>
        {
            Assert.That((interaction.ClosedAt!.Value.Ticks, interaction.ClosedAt.Value.Offset), Is.EqualTo((closed.Ticks, TimeSpan.FromHours(8))));
            Assert.That((interaction.LastEventAt.UtcTicks, interaction.LastEventAt.Offset), Is.EqualTo((closed.UtcTicks + 1, TimeSpan.FromMinutes(-210))));
        });
        interaction.ClosedAt = null;
        Assert.That(interaction.ClosedAt, Is.Null);
    }

    [Test]
    public void CustomerWithManyInteractionsAndTopics_SnapshotRoundTrips_AndResumesAlike()
    {
        var events = ManyInteractionsOfOneCustomer();
        var after = AfterTheSnapshot(events);
        var original = DefaultEngine.Create();
        foreach (var e in events)
            original.Handle(e);
        var snapshot = original.Partition("cust-m").Snapshot("cust-m")!;
        var resumed = DefaultEngine.Create();
        resumed.Partition("cust-m").Restore(snapshot);

        Assert.Multiple(() =>
        {
            Assert.That(resumed.Partition("cust-m").Snapshot("cust-m"), Is.EqualTo(snapshot), "same bytes after restore");
            Assert.That(Trace(resumed, after), Is.EqualTo(Trace(original, after)).AsCollection, "a new owner does what the old one does");
        });
    }

    [Test]
    public void CustomerWithManyInteractions_IsReleasedOnceTheHorizonsPass()
    {
        var engine = DefaultEngine.Create();
        foreach (var e in ManyInteractionsOfOneCustomer())
            engine.Handle(e);
        Assert.That(engine.Counts(), Is.EqualTo((1, 30)));

        foreach (var hours in new[] { 1, 25, 50 }) // stepped, as a scheduler would: one jump would fire the reply clocks two days late
            engine.FireDue(T0 + Hours(hours));

        Assert.That(engine.Counts(), Is.EqualTo((0, 0)), "closed ones after the dedup horizon, open idle ones after the idle horizon");
    }

    /// <summary>30 interactions of one customer (past the scan limit), every third closed, inquiries about three topics.</summary>
    private static List<InteractionEvent> ManyInteractionsOfOneCustomer()
    {
        var events = new List<InteractionEvent>();
        for (var i = 0; i < 30; i++)
        {
            var ix = $"ix-m{i}";
            events.Add(Started(Sec(i), ix, customer: "cust-m"));
            events.Add(Inquiry(Sec(i) + Min(1), new[] { "refund", "delivery", "password" }[i % 3], ix, customer: "cust-m"));
            events.Add(Says(Sec(i) + Min(2), "this is ridiculous", ix, customer: "cust-m", id: $"e-angry-{i}"));
            if (i % 3 == 0)
                events.Add(Make(EventType.InteractionClosed, Sec(i) + Min(3), ix, customer: "cust-m"));
        }
        return events;
    }

    /// <summary>Redeliveries and one more inquiry per interaction (made once: every event gets a fresh id).</summary>
    private static List<InteractionEvent> AfterTheSnapshot(List<InteractionEvent> before) =>
    [
        .. before.Where(e => e.EventId.StartsWith("e-angry-", StringComparison.Ordinal)),
        .. Enumerable.Range(0, 30).Select(i => Inquiry(Min(10) + Sec(i), "refund", $"ix-m{i}", customer: "cust-m")),
    ];

    /// <summary>The events, then the clock on; everything that came out.</summary>
    private static List<string> Trace(KeyedEngine engine, List<InteractionEvent> after)
    {
        var trace = after.Select(e => Describe(engine.Handle(e))).ToList();
        foreach (var hours in new[] { 1, 12, 30, 60 })
            trace.Add(Describe(engine.FireDue(T0 + Hours(hours))));
        trace.Add($"held {engine.Counts()}");
        return trace;
    }

    private static string Describe(EngineStep step) =>
        $"{(step.Duplicate ? "duplicate " : "")}{step.Event?.InteractionId} signals [{string.Join(",", step.Signals.Select(s => $"{s.Kind}@{s.DetectedAt:O}"))}] " +
        $"alerts [{string.Join(",", step.Alerts.Select(a => a.AlertId))}] escalations [{string.Join(",", step.Escalations.Select(e => e.AlertId))}]";
}
