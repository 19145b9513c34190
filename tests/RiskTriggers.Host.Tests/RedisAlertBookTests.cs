using RiskTriggers.Host.Alerts;
using RiskTriggers.Host.Streams;
using StackExchange.Redis;

namespace RiskTriggers.Host.Tests;

/// <summary>
/// The alert book contract on the real redis-server named by RISKTRIGGERS_TEST_REDIS (./test.sh starts one; a missing
/// server fails, it is never skipped). Each test has its own key prefix; a second book on it is another host.
/// </summary>
[Category("Redis")]
public sealed class RedisAlertBookTests : AlertBookContract
{
    private const string Variable = "RISKTRIGGERS_TEST_REDIS";
    private ConnectionMultiplexer _redis = null!;
    private string _prefix = "";
    private int? _capacity;

    [OneTimeSetUp]
    public async Task Connect()
    {
        var endpoint = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(endpoint))
            Assert.Fail($"needs a redis-server: set {Variable} to host:port, or run ./test.sh, which starts one");
        _redis = await ConnectionMultiplexer.ConnectAsync(endpoint!);
    }

    [OneTimeTearDown]
    public void Disconnect() => _redis?.Dispose();

    [SetUp]
    public void NewPrefix() => (_prefix, _capacity) = ($"t:{Guid.NewGuid():N}:", null);

    [TearDown]
    public async Task DeleteKeys()
    {
        var keys = new RedisAlertBookKeys(_prefix);
        await _redis.GetDatabase().KeyDeleteAsync([keys.Records, keys.Arrival, keys.Resolved, keys.Changes, keys.Evictions]);
    }

    [Test]
    public async Task EveryChange_IsInTheChangeStream_OnceInOrder_MarkedWithItsHost()
    {
        var a = (RedisAlertBook)NewBook();
        var b = (RedisAlertBook)NewBook();
        await a.AddAsync(Record("x"));
        await b.AddAsync(Record("x")); // a redelivery: no change
        await b.AcknowledgeAsync("x", "agent-01", T0);
        await a.AcknowledgeAsync("x", "agent-01", T0); // already acknowledged: no change
        await a.ResolveAsync("x", "sup", AlertOutcome.FalseAlarm, null, T0);

        var changes = (await _redis.GetDatabase().StreamRangeAsync(new RedisAlertBookKeys(_prefix).Changes)).Select(e => RedisAlertBook.ReadChange(e)!).ToList();
        Assert.That(changes.Select(c => (c.AlertId, c.Change, c.Host)), Is.EqualTo(new[]
        {
            ("x", "raised", a.Host), ("x", "acknowledged", b.Host), ("x", "resolved", a.Host),
        }));
        Assert.That(changes.Select(c => c.Record.Status), Is.EqualTo(new[] { AlertStatus.Open, AlertStatus.Acknowledged, AlertStatus.Resolved }), "the record as the change left it");
    }

    [Test]
    public async Task List_AfterTheFirst_CatchesUpWithOtherHostsChanges_WithoutReadingTheBookAgain()
    {
        var a = (RedisAlertBook)NewBook();
        var b = (RedisAlertBook)NewBook();
        await a.AddAsync(Record("x"));
        Assert.That(Ids(await b.ListAsync(new AlertQuery())), Is.EqualTo(new[] { "x" }));

        await a.AddAsync(Record("y", received: T0.AddSeconds(1)));
        await a.AcknowledgeAsync("x", "agent-01", T0);
        await a.ResolveAsync("y", "sup", AlertOutcome.Prevented, null, T0);
        var listed = await b.ListAsync(new AlertQuery());

        Assert.That(listed.Select(r => (r.AlertId, r.Status)), Is.EquivalentTo(new[] { ("x", AlertStatus.Acknowledged), ("y", AlertStatus.Resolved) }),
            "a list on b right after a's changes sees them");
        Assert.That(b.ListLoads, Is.EqualTo(1), "read whole once, then caught up from the change stream");
        Assert.That(b.OpenCount, Is.EqualTo(1));
    }

    [Test]
    public async Task List_AfterEvictions_DropsEvictedIds_AndKeepsOneRaisedAgain()
    {
        var a = (RedisAlertBook)NewBook(capacity: 2);
        var b = (RedisAlertBook)NewBook();
        await a.AddAsync(Record("a"));
        await b.ListAsync(new AlertQuery());
        await a.AddAsync(Record("b", received: T0.AddSeconds(1)));
        await a.AddAsync(Record("c", received: T0.AddSeconds(2))); // evicts a
        Assert.That(Ids(await b.ListAsync(new AlertQuery())).Order(), Is.EqualTo(new[] { "b", "c" }));

        await a.AddAsync(Record("a", received: T0.AddSeconds(3))); // a again, evicts b
        Assert.That(Ids(await b.ListAsync(new AlertQuery())).Order(), Is.EqualTo(new[] { "a", "c" }));
        Assert.That(b.ListLoads, Is.EqualTo(1));
    }

    [Test]
    public async Task List_FarBehindTheTrimmedChangeStream_ReadsTheBookAgain()
    {
        var a = (RedisAlertBook)NewBook();
        var b = (RedisAlertBook)NewBook();
        await a.AddAsync(Record("x"));
        await b.ListAsync(new AlertQuery());
        await a.AddAsync(Record("y"));
        await a.AddAsync(Record("z"));
        await a.AcknowledgeAsync("x", "agent-01", T0);
        // What MAXLEN does to a stream when the host has fallen far behind: the entries it has not seen are gone.
        await _redis.GetDatabase().StreamTrimAsync(new RedisAlertBookKeys(_prefix).Changes, 1);

        var listed = await b.ListAsync(new AlertQuery());

        Assert.That(listed.Select(r => (r.AlertId, r.Status)),
            Is.EquivalentTo(new[] { ("x", AlertStatus.Acknowledged), ("y", AlertStatus.Open), ("z", AlertStatus.Open) }), "y and z's raising were trimmed away");
        Assert.That(b.ListLoads, Is.EqualTo(2), "missed changes: the book read whole again");
    }

    private static string[] Ids(IReadOnlyList<AlertRecord> records) => [.. records.Select(r => r.AlertId)];

    protected override IAlertBook NewBook(int capacity = 100) =>
        new RedisAlertBook(_redis, new RedisAlertBookKeys(_prefix), _capacity ??= capacity);

    protected override long EvictedOpen(IAlertBook book) => ((RedisAlertBook)book).EvictedOpen;
}
