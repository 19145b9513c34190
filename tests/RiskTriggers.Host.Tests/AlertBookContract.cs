using RiskTriggers.Engine.Alerts;
using RiskTriggers.Host.Alerts;

namespace RiskTriggers.Host.Tests;

/// <summary>
/// What every <see cref="IAlertBook"/> does, run on both books (<see cref="InMemoryAlertBookTests"/>,
/// <see cref="RedisAlertBookTests"/>): the dashboard and the API must not be able to tell them apart.
/// </summary>
public abstract class AlertBookContract
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan AckTimeout = TimeSpan.FromMinutes(5);

    /// <summary>A new, empty book of <paramref name="capacity"/> alerts; a second call in one test gives another view of the same book where the book is shared (Redis).</summary>
    protected abstract IAlertBook NewBook(int capacity = 100);

    protected abstract long EvictedOpen(IAlertBook book);

    [Test]
    public async Task Add_SameIdTwice_SecondRefused()
    {
        var book = NewBook();

        Assert.That(await book.AddAsync(Record("a")), Is.True);
        Assert.That(await book.AddAsync(Record("a")), Is.False);
        Assert.That(book.OpenCount, Is.EqualTo(1));
    }

    [Test]
    public async Task Get_AddedAlert_ComesBackWithEvidenceAndChineseText()
    {
        var book = NewBook();
        var record = Record("a", evidence: [new Evidence("NegativePhraseSpotted", ["evt-1"], "phrase weight at least 1", "weight 2", "我要投诉", "escalationThreat")]);
        await book.AddAsync(record);

        var back = await book.GetAsync("a");

        Assert.That(AlertView.From(back!), Is.EqualTo(AlertView.From(record)).Using<AlertView>(SameView));
        Assert.That(await book.GetAsync("unknown"), Is.Null);
    }

    [Test]
    public async Task Acknowledge_OpenThenAgainThenResolved_ChangedUnchangedAlreadyResolved()
    {
        var book = NewBook();
        await book.AddAsync(Record("a"));

        var first = await book.AcknowledgeAsync("a", "agent-01", T0.AddMinutes(1));
        var again = await book.AcknowledgeAsync("a", "agent-02", T0.AddMinutes(2));
        await book.ResolveAsync("a", "sup", AlertOutcome.Prevented, null, T0.AddMinutes(3));
        var afterResolve = await book.AcknowledgeAsync("a", "agent-01", T0.AddMinutes(4));

        Assert.Multiple(() =>
        {
            Assert.That((first.Outcome, again.Outcome, afterResolve.Outcome),
                Is.EqualTo((AlertChangeOutcome.Changed, AlertChangeOutcome.Unchanged, AlertChangeOutcome.AlreadyResolved)));
            Assert.That(first.Record!.Acknowledgement, Is.EqualTo(new AlertHistoryEntry(T0.AddMinutes(1), "acknowledged", "agent-01")));
            Assert.That(again.Record!.Acknowledgement!.By, Is.EqualTo("agent-01"), "the first acknowledgement stands");
        });
    }

    [Test]
    public async Task Resolve_Open_OutcomeAndNoteKeptAndOpenCountDown()
    {
        var book = NewBook();
        await book.AddAsync(Record("a"));
        await book.AddAsync(Record("b"));

        var resolved = await book.ResolveAsync("a", "sup", AlertOutcome.ComplaintFollowed, "filed with 12315", T0.AddMinutes(1));
        var again = await book.ResolveAsync("a", "sup", AlertOutcome.FalseAlarm, null, T0.AddMinutes(2));

        var kept = await book.GetAsync("a");
        Assert.Multiple(() =>
        {
            Assert.That(resolved.Outcome, Is.EqualTo(AlertChangeOutcome.Changed));
            Assert.That((kept!.Status, kept.Outcome, kept.Note), Is.EqualTo((AlertStatus.Resolved, AlertOutcome.ComplaintFollowed, "filed with 12315")));
            Assert.That(kept.Resolution!.At, Is.EqualTo(T0.AddMinutes(1)));
            Assert.That(again.Outcome, Is.EqualTo(AlertChangeOutcome.AlreadyResolved));
            Assert.That(book.OpenCount, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Change_UnknownId_NotFound()
    {
        var book = NewBook();

        Assert.That((await book.AcknowledgeAsync("x", "sup", T0)).Outcome, Is.EqualTo(AlertChangeOutcome.NotFound));
        Assert.That((await book.ResolveAsync("x", "sup", AlertOutcome.Prevented, null, T0)).Outcome, Is.EqualTo(AlertChangeOutcome.NotFound));
    }

    [Test]
    public async Task List_Filters_MatchingOnlyMostUrgentFirstNewestFirstWithin()
    {
        var book = NewBook();
        await book.AddAsync(Record("old-p3", received: T0));
        await book.AddAsync(Record("new-p3", received: T0.AddMinutes(1)));
        await book.AddAsync(Record("p1", Priority.P1, received: T0));
        await book.AddAsync(Record("tech", queue: "tech", agent: "agent-02"));
        await book.AcknowledgeAsync("old-p3", "sup", T0.AddMinutes(2));

        Assert.Multiple(async () =>
        {
            Assert.That(Ids(await book.ListAsync(new AlertQuery())), Is.EqualTo(new[] { "p1", "new-p3", "old-p3", "tech" }));
            Assert.That(Ids(await book.ListAsync(new AlertQuery(Status: AlertStatus.Acknowledged))), Is.EqualTo(new[] { "old-p3" }));
            Assert.That(Ids(await book.ListAsync(new AlertQuery(Priority: Priority.P1))), Is.EqualTo(new[] { "p1" }));
            Assert.That(Ids(await book.ListAsync(new AlertQuery(Queue: "TECH"))), Is.EqualTo(new[] { "tech" }));
            Assert.That(Ids(await book.ListAsync(new AlertQuery(AgentId: "agent-02"))), Is.EqualTo(new[] { "tech" }));
            Assert.That(Ids(await book.ListAsync(new AlertQuery(Limit: 2))), Is.EqualTo(new[] { "p1", "new-p3" }));
            Assert.That(Ids(await book.ListAsync(new AlertQuery(Visible: a => a.Alert.AgentId == "agent-02"))), Is.EqualTo(new[] { "tech" }));
        });
    }

    [Test]
    public async Task Escalate_OnceOnlyAndNeverWhenAcknowledgedOrBeforeItsDeadline()
    {
        var book = NewBook();
        await book.AddAsync(Record("a"));
        await book.AddAsync(Record("acked"));
        await book.AcknowledgeAsync("acked", "sup", T0.AddMinutes(1));

        var early = await book.EscalateAsync("a", T0 + AckTimeout - TimeSpan.FromSeconds(1));
        var due = await book.EscalateAsync("a", T0 + AckTimeout);
        var later = await book.EscalateAsync("a", T0 + TimeSpan.FromHours(1));
        var acked = await book.EscalateAsync("acked", T0 + AckTimeout);

        Assert.Multiple(async () =>
        {
            Assert.That(early.Outcome, Is.EqualTo(AlertChangeOutcome.Unchanged));
            Assert.That((due.Outcome, due.Record!.Priority, due.Record.Audience, due.Record.Escalated),
                Is.EqualTo((AlertChangeOutcome.Changed, Priority.P2, Audience.Supervisor, true)));
            Assert.That(later.Outcome, Is.EqualTo(AlertChangeOutcome.Unchanged), "escalates only once");
            Assert.That(acked.Outcome, Is.EqualTo(AlertChangeOutcome.Unchanged), "acknowledged in time");
            Assert.That((await book.EscalateAsync("gone", T0 + AckTimeout)).Outcome, Is.EqualTo(AlertChangeOutcome.NotFound));
            Assert.That((await book.GetAsync("a"))!.Escalated, Is.True, "the escalation is kept");
        });
    }

    [Test]
    public async Task Acknowledge_ManyAtOnce_OnlyOneChanges()
    {
        var book = NewBook();
        var other = NewBook();
        await book.AddAsync(Record("a"));

        var changes = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            (i % 2 == 0 ? book : other).AcknowledgeAsync("a", $"agent-{i}", T0.AddSeconds(i)).AsTask()));

        Assert.That(changes.Count(c => c.Outcome == AlertChangeOutcome.Changed), Is.EqualTo(1));
        Assert.That((await book.GetAsync("a"))!.History.Count(h => h.Action == "acknowledged"), Is.EqualTo(1));
    }

    [Test]
    public async Task Escalate_ManyAtOnce_EscalatesEachAlertOnce()
    {
        var book = NewBook();
        var other = NewBook();
        foreach (var id in new[] { "a", "b", "c" })
            await book.AddAsync(Record(id));

        var changes = await Task.WhenAll(new[] { "a", "b", "c" }.SelectMany(id => Enumerable.Range(0, 4).Select(i =>
            (i % 2 == 0 ? book : other).EscalateAsync(id, T0 + AckTimeout).AsTask())));

        Assert.That(changes.Where(c => c.Outcome == AlertChangeOutcome.Changed).Select(c => c.Record!.AlertId).Order(), Is.EqualTo(new[] { "a", "b", "c" }));
    }

    [Test]
    public async Task Add_PastCapacity_EvictsOldestResolvedFirst()
    {
        var book = NewBook(capacity: 3);
        await book.AddAsync(Record("a"));
        await book.AddAsync(Record("b", received: T0.AddSeconds(1)));
        await book.AddAsync(Record("c", received: T0.AddSeconds(2)));
        await book.ResolveAsync("b", "sup", AlertOutcome.Prevented, null, T0);

        await book.AddAsync(Record("d", received: T0.AddSeconds(3)));

        Assert.That(await book.GetAsync("b"), Is.Null);
        Assert.That(await book.GetAsync("a"), Is.Not.Null, "open alerts are kept while resolved ones can go");
        Assert.That(book.OpenCount, Is.EqualTo(3));
    }

    [Test]
    public async Task Add_PastCapacityAllOpen_EvictsOldestSoTheBookStaysBounded()
    {
        var book = NewBook(capacity: 2);
        foreach (var (id, i) in new[] { "a", "b", "c" }.Select((id, i) => (id, i)))
            await book.AddAsync(Record(id, received: T0.AddSeconds(i)));

        Assert.That(await book.GetAsync("a"), Is.Null);
        Assert.That((await book.ListAsync(new AlertQuery())).Count, Is.EqualTo(2));
        Assert.That(EvictedOpen(book), Is.EqualTo(1));
    }

    protected static AlertRecord Record(string id, Priority priority = Priority.P3, DateTimeOffset? received = null, string queue = "billing",
        string agent = "agent-01", IReadOnlyList<Evidence>? evidence = null) => AlertRecord.Raised(
        new Alert(id, "SingleSignal", priority, Audience.Agent, "ix-" + id, "c", agent, queue, "chat", T0, evidence ?? [], "act") { EscalatesAt = T0 + AckTimeout },
        received ?? T0);

    private static string[] Ids(IReadOnlyList<AlertRecord> records) => [.. records.Select(r => r.AlertId)];

    // Views are records of lists: compare them by their JSON, which is what the wire carries.
    private static bool SameView(AlertView a, AlertView b) =>
        System.Text.Json.JsonSerializer.Serialize(a) == System.Text.Json.JsonSerializer.Serialize(b);
}

public sealed class InMemoryAlertBookTests : AlertBookContract
{
    private InMemoryAlertBook? _book;

    // Both "views" of one test are the same object: an embedded book is not shared across processes.
    protected override IAlertBook NewBook(int capacity = 100) => _book ??= new InMemoryAlertBook(capacity);

    protected override long EvictedOpen(IAlertBook book) => ((InMemoryAlertBook)book).EvictedOpen;

    [SetUp]
    public void Forget() => _book = null;
}
