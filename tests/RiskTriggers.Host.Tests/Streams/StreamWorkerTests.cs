using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Tests;
using RiskTriggers.Host.Streams;
using StackExchange.Redis;

namespace RiskTriggers.Host.Tests.Streams;

/// <summary>
/// Real worker processes on the real redis-server (RISKTRIGGERS_TEST_REDIS): several hosts on one group, a
/// host killed mid-batch, a restart after deadlines came due, a Redis restart. Waits are bounded polls of Redis.
/// </summary>
[Category("Redis")]
[NonParallelizable]
public sealed class StreamWorkerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private ConnectionMultiplexer _redis = null!;
    private string _endpoint = "";
    private string _prefix = "";
    private readonly List<WorkerProcess> _workers = [];

    [OneTimeSetUp]
    public void Connect()
    {
        _redis = TestRedis.Connect();
        _endpoint = Environment.GetEnvironmentVariable(TestRedis.Variable)!;
    }

    [OneTimeTearDown]
    public void Disconnect() => _redis?.Dispose();

    [SetUp]
    public void NewPrefix() => _prefix = TestRedis.NewKeyPrefix();

    [TearDown]
    public async Task StopWorkersAndDeleteKeys()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
            foreach (var worker in _workers)
                TestContext.Out.WriteLine(worker.Describe());
        foreach (var worker in _workers)
            worker.Dispose();
        _workers.Clear();
        await TestRedis.DeleteKeysAsync(_redis, _prefix);
    }

    [Test]
    public async Task TwoWorkers_OneGroup_ProcessEveryEventOnceWithoutDuplicateAlerts()
    {
        var a = StartWorker(_endpoint, "host-a");
        var b = StartWorker(_endpoint, "host-b");
        await EventuallyAsync(() => Task.FromResult(a.Logged("Redis ready") && b.Logged("Redis ready")), "both workers ready");
        var events = Conversations(40, "ridiculous, cancel my account");

        await PublishAsync(_redis, events);
        await EventuallyAsync(() => AllProcessedAndAckedAsync(_redis, events.Count), "every event processed and acknowledged");
        await Task.WhenAll(a.StopAsync(), b.StopAsync());

        var processed = a.ProcessedEventIds.Concat(b.ProcessedEventIds).ToList();
        var alerts = await AlertIdsAsync(_redis);
        Assert.Multiple(() =>
        {
            Assert.That(processed, Is.EquivalentTo(events.Select(e => e.EventId)), "each event processed exactly once, by one of the hosts");
            Assert.That(alerts, Is.Unique);
            Assert.That(alerts, Has.Count.EqualTo(40), "one alert per conversation");
        });
    }

    [Test]
    public async Task WorkerKilledMidBatch_OtherWorkerTakesOverItsPendingEntries_NothingLostNoDuplicateAlert()
    {
        var events = Conversations(300, "ridiculous, cancel my account");
        await PublishAsync(_redis, events);
        var doomed = StartWorker(_endpoint, "doomed", "--batch", "1000", "--max-in-flight", "2000");
        await EventuallyAsync(async () => await ProcessedCountAsync(_redis) >= 30, "the first worker under way");

        doomed.Kill();
        var pendingAtTheDeadHost = await PendingOfAsync(_redis, "doomed");
        var survivor = StartWorker(_endpoint, "survivor", "--claim-idle", "1s");
        await EventuallyAsync(() => AllProcessedAndAckedAsync(_redis, events.Count), "every event processed and acknowledged");

        var alerts = await AlertIdsAsync(_redis);
        Assert.Multiple(() =>
        {
            Assert.That(pendingAtTheDeadHost, Is.GreaterThan(0), "killed with entries read but not acknowledged");
            Assert.That(survivor.Logged("Took over"), Is.True, "the survivor reclaimed them");
            Assert.That(alerts, Is.Unique);
            Assert.That(alerts, Has.Count.EqualTo(300), "one alert per conversation, none lost, none twice");
        });
    }

    [Test]
    public async Task WorkerRestartedAfterDeadlinesCameDue_FiresThemOnceAtOnce()
    {
        var settings = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"settings-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(settings, """{ "replyOverdue": { "after": "3s" } }""");
        var first = StartWorker(_endpoint, "first", "--settings", settings);
        await EventuallyAsync(() => Task.FromResult(first.Logged("Redis ready")), "first worker ready");
        var events = Conversations(5, "hello, where is my parcel");

        await PublishAsync(_redis, events);
        await EventuallyAsync(() => AllProcessedAndAckedAsync(_redis, events.Count), "every event processed");
        Assert.That(await first.StopAsync(), Is.EqualTo(0), "a clean stop on SIGTERM");
        var due = await _redis.GetDatabase().SortedSetRangeByRankWithScoresAsync(_prefix + "{timers:0}");
        Assert.That(due, Has.Length.EqualTo(5), "the deadlines are pending in Redis while no host runs");
        var latest = DateTimeOffset.FromUnixTimeMilliseconds((long)due.Max(d => d.Score));
        await EventuallyAsync(() => Task.FromResult(DateTimeOffset.UtcNow > latest), "all deadlines due");

        var restarted = StartWorker(_endpoint, "restarted", "--settings", settings);
        var another = StartWorker(_endpoint, "another", "--settings", settings);
        await EventuallyAsync(async () => (await AlertIdsAsync(_redis)).Count >= 5, "the overdue replies alerted");
        await EventuallyAsync(() => Task.FromResult(restarted.Logged("Redis ready") && another.Logged("Redis ready")), "both ready");
        await Task.WhenAll(restarted.StopAsync(), another.StopAsync());

        var alerts = await AlertsAsync(_redis);
        Assert.Multiple(async () =>
        {
            Assert.That(alerts.Select(a => a.Id), Is.Unique);
            Assert.That(alerts, Has.Count.EqualTo(5), "each deadline fired once, though two hosts were polling");
            Assert.That(alerts.Select(a => a.Json), Has.All.Contains("ReplyOverdue"));
            Assert.That(await _redis.GetDatabase().SortedSetLengthAsync(_prefix + "{timers:0}"), Is.Zero);
        });
    }

    [Test]
    public async Task RedisRestarted_WorkerRecovers_EventsWrittenAfterwardsAreProcessed()
    {
        using var server = new PrivateRedisServer();
        server.Start();
        using var redis = await ConnectWhenUpAsync(server.Endpoint);
        var worker = StartWorker(server.Endpoint, "steady");
        var before = Conversations(10, "ridiculous, cancel my account", "before");
        await PublishAsync(redis, before);
        await EventuallyAsync(() => AllProcessedAndAckedAsync(redis, before.Count), "events before the restart processed");

        server.Shutdown();
        await EventuallyAsync(() => Task.FromResult(worker.Logged("Redis not ready")), "the worker reports not ready");
        server.Start();
        var after = Conversations(10, "ridiculous, cancel my account", "after");
        await EventuallyAsync(async () =>
        {
            try
            {
                await PublishAsync(redis, after);
                return true;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                return false;
            }
        }, "publishing once Redis is back");
        await EventuallyAsync(() => AllProcessedAndAckedAsync(redis, before.Count + after.Count), "events written after the restart processed");

        var alerts = await AlertIdsAsync(redis);
        Assert.Multiple(() =>
        {
            Assert.That(worker.HasExited, Is.False, "the worker carried on by itself");
            Assert.That(worker.Logged("Redis ready again"), Is.True);
            Assert.That(alerts, Is.Unique);
            Assert.That(alerts, Has.Count.EqualTo(20));
        });
    }

    // ---- helpers

    private WorkerProcess StartWorker(string endpoint, string consumer, params string[] extra)
    {
        var worker = WorkerProcess.Start(endpoint, _prefix, consumer, extra);
        _workers.Add(worker);
        return worker;
    }

    /// <summary>Conversations of three events each (started, agent assigned, the customer says something), stamped now.</summary>
    private static List<InteractionEvent> Conversations(int count, string text, string tag = "ix")
    {
        var now = DateTimeOffset.UtcNow;
        return Enumerable.Range(0, count).SelectMany(i => new[]
        {
            new InteractionEvent($"{tag}-{i}-start", EventType.InteractionStarted, now, $"{tag}-{i}", $"cust-{i}", Channel: "chat"),
            new InteractionEvent($"{tag}-{i}-assign", EventType.AgentAssigned, now, $"{tag}-{i}", $"cust-{i}", AgentId: "agent-1"),
            new InteractionEvent($"{tag}-{i}-say", EventType.CustomerMessage, now, $"{tag}-{i}", $"cust-{i}", Text: text),
        }).ToList();
    }

    private async Task PublishAsync(IConnectionMultiplexer redis, IEnumerable<InteractionEvent> events)
    {
        var writer = new EventStreamWriter(redis, new RedisOptions { KeyPrefix = _prefix });
        await Task.WhenAll(events.Select(writer.PublishAsync));
    }

    private async Task<bool> AllProcessedAndAckedAsync(IConnectionMultiplexer redis, int expected)
    {
        if (await ProcessedCountAsync(redis) < expected)
            return false;
        var db = redis.GetDatabase();
        for (var shard = 0; shard < 4; shard++)
        {
            var key = $"{_prefix}events:{shard}";
            if (await db.KeyExistsAsync(key) && (await db.StreamPendingAsync(key, "risktriggers")).PendingMessageCount > 0)
                return false;
        }
        return true;
    }

    /// <summary>Events marked processed: their markers <c>{ix:ID}:seen:EVENT</c>.</summary>
    private async Task<int> ProcessedCountAsync(IConnectionMultiplexer? redis = null)
    {
        redis ??= _redis;
        var count = 0;
        foreach (var server in redis.GetServers())
            await foreach (var _ in server.KeysAsync(pattern: _prefix + "{ix:*}:seen:*", pageSize: 1000))
                count++;
        return count;
    }

    private async Task<long> PendingOfAsync(IConnectionMultiplexer redis, string consumer)
    {
        long pending = 0;
        for (var shard = 0; shard < 4; shard++)
        {
            var info = await redis.GetDatabase().StreamPendingAsync($"{_prefix}events:{shard}", "risktriggers");
            pending += info.Consumers.Where(c => c.Name == consumer).Sum(c => (long)c.PendingMessageCount);
        }
        return pending;
    }

    private async Task<List<string>> AlertIdsAsync(IConnectionMultiplexer redis) =>
        (await AlertsAsync(redis)).Select(a => a.Id).ToList();

    /// <summary>What a platform reads with XRANGE rt:alerts - +: alert id and JSON per entry.</summary>
    private async Task<List<(string Id, string Json)>> AlertsAsync(IConnectionMultiplexer redis)
    {
        var entries = await redis.GetDatabase().StreamRangeAsync(_prefix + "alerts");
        return entries.Select(e => ((string)e["alertId"]!, (string)e["alert"]!)).ToList();
    }

    private static async Task<ConnectionMultiplexer> ConnectWhenUpAsync(string endpoint)
    {
        var options = ConfigurationOptions.Parse(endpoint);
        options.AbortOnConnectFail = false;
        var redis = await ConnectionMultiplexer.ConnectAsync(options);
        await EventuallyAsync(() => Task.FromResult(redis.IsConnected), $"redis-server on {endpoint} up");
        return redis;
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            try
            {
                if (await condition())
                    return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // Redis restarting: poll again
            }
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"timed out after {Timeout.TotalSeconds:0}s waiting for: {what}");
            await Task.Delay(100);
        }
    }
}
