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
        await _redis.GetDatabase().KeyDeleteAsync([keys.Records, keys.Arrival, keys.Resolved, keys.Changes]);
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

    protected override IAlertBook NewBook(int capacity = 100) =>
        new RedisAlertBook(_redis, new RedisAlertBookKeys(_prefix), _capacity ??= capacity);

    protected override long EvictedOpen(IAlertBook book) => ((RedisAlertBook)book).EvictedOpen;
}
