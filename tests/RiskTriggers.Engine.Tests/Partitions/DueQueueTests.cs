using RiskTriggers.Engine.Partitions;
using static RiskTriggers.Engine.Tests.Support.Ev;

namespace RiskTriggers.Engine.Tests.Partitions;

/// <summary>The partition's timer queue gives its entries back earliest first, as the priority queue it replaced did.</summary>
public sealed class DueQueueTests
{
    [Test]
    public void Dequeue_AfterEnqueuesInAnyOrder_GivesEarliestFirst()
    {
        var customer = new CustomerState("cust-1");
        var random = new Random(7);
        var queue = new DueQueue();
        var minutes = Enumerable.Range(0, 1000).Select(_ => random.Next(0, 300)).ToList();
        foreach (var m in minutes)
            queue.Enqueue(new DueWork(T0 + Min(m), DueKind.Housekeeping, customer, null, null));

        var taken = new List<long>();
        while (queue.TryPeek(out var next))
        {
            var item = queue.Dequeue();
            Assert.That(item.DueUtcTicks, Is.EqualTo(next.DueUtcTicks), "peek shows what comes next");
            taken.Add(item.DueUtcTicks);
        }
        Assert.Multiple(() =>
        {
            Assert.That(taken, Is.EqualTo(minutes.Order().Select(m => (T0 + Min(m)).UtcTicks)));
            Assert.That(queue.Count, Is.Zero);
            Assert.That(() => queue.Dequeue(), Throws.InvalidOperationException);
        });
    }

    [Test]
    public void Entries_InterleavedWithDequeues_StayInOrder_AndKeepTheirSubject()
    {
        var customer = new CustomerState("cust-1");
        var interaction = new OpenInteraction("ix-1");
        var queue = new DueQueue();
        queue.Enqueue(new DueWork(T0 + Min(5), DueKind.ReplyOverdue, customer, interaction, null));
        queue.Enqueue(new DueWork(T0 + Min(1), DueKind.AckTimeout, customer, null, "al-1"));
        var first = queue.Dequeue();
        queue.Enqueue(new DueWork(T0 + Min(3), DueKind.Housekeeping, customer, null, null));

        Assert.Multiple(() =>
        {
            Assert.That((first.Kind, first.AlertId, first.Interaction), Is.EqualTo((DueKind.AckTimeout, "al-1", (OpenInteraction?)null)));
            Assert.That(queue.Dequeue().Kind, Is.EqualTo(DueKind.Housekeeping));
            var reply = queue.Dequeue();
            Assert.That((reply.Kind, reply.AlertId, reply.Interaction, reply.DueAt), Is.EqualTo((DueKind.ReplyOverdue, (string?)null, interaction, T0 + Min(5))));
        });
    }
}
