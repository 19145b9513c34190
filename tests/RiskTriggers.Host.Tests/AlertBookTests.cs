using RiskTriggers.Engine.Alerts;
using RiskTriggers.Host.Alerts;

namespace RiskTriggers.Host.Tests;

public sealed class AlertBookTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Add_PastCapacity_EvictsOldestResolvedFirst()
    {
        var book = new InMemoryAlertBook(capacity: 3);
        await book.AddAsync(Record("a"));
        await book.AddAsync(Record("b"));
        await book.AddAsync(Record("c"));
        await book.ResolveAsync("b", "sup", AlertOutcome.Prevented, null, T0);

        await book.AddAsync(Record("d"));

        Assert.That(await book.GetAsync("b"), Is.Null);
        Assert.That(await book.GetAsync("a"), Is.Not.Null, "open alerts are kept while resolved ones can go");
        Assert.That(book.OpenCount, Is.EqualTo(3));
    }

    [Test]
    public async Task Add_PastCapacityAllOpen_EvictsOldestSoMemoryStaysBounded()
    {
        var book = new InMemoryAlertBook(capacity: 2);
        foreach (var id in new[] { "a", "b", "c" })
            await book.AddAsync(Record(id));

        Assert.That(await book.GetAsync("a"), Is.Null);
        Assert.That(book.EvictedOpen, Is.EqualTo(1));
    }

    [Test]
    public async Task Add_SameIdTwice_SecondRefused()
    {
        var book = new InMemoryAlertBook(capacity: 10);

        Assert.That(await book.AddAsync(Record("a")), Is.True);
        Assert.That(await book.AddAsync(Record("a")), Is.False);
    }

    private static AlertRecord Record(string id) => AlertRecord.Raised(
        new Alert(id, "SingleSignal", Priority.P3, Audience.Agent, "ix", "c", "agent-01", "billing", "chat", T0, [], "act"),
        T0, TimeSpan.FromMinutes(5));
}
