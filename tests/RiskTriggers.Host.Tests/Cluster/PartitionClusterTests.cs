using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Pipeline;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Engine.State.DeadLetters;
using RiskTriggers.Engine.State.Redis;
using RiskTriggers.Engine.Tests;
using RiskTriggers.Host.Cli;
using RiskTriggers.Host.Cluster;
using RiskTriggers.Host.Ingestion;
using RiskTriggers.Host.Streams;
using RiskTriggers.Host.Tests.Support;
using RiskTriggers.Rules;
using StackExchange.Redis;
using System.Text;

namespace RiskTriggers.Host.Tests.Cluster;

/// <summary>
/// Partition grains on an in-process Orleans cluster (Microsoft.Orleans.TestingHost) against the real redis-server:
/// the sample day published to <c>rt:events:N</c> comes out of <c>rt:alerts</c> as <c>replay</c> raises it, also when a
/// silo is killed half-way. The wall clock the owners see is a fake one, moved by the test.
/// </summary>
[Category("Redis")]
[NonParallelizable]
public sealed class PartitionClusterTests
{
    private const int Partitions = 4;
    private static readonly TimeSpan Lateness = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    // The silos' wall clock: the day after the samples, so the intake's age bound holds on any machine date.
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));

    private ConnectionMultiplexer _redis = null!;
    private string _prefix = null!;
    private TestCluster? _cluster;

    [SetUp]
    public void Connect()
    {
        _redis = TestRedis.Connect();
        _prefix = TestRedis.NewKeyPrefix();
    }

    [TearDown]
    public async Task StopAndDeleteKeys()
    {
        if (_cluster is not null)
            await _cluster.DisposeAsync();
        await TestRedis.DeleteKeysAsync(_redis, _prefix);
        _redis.Dispose();
    }

    [Test]
    public async Task TwoSilos_SampleDayOnTheStreams_AlertsEqualReplay()
    {
        _cluster = await StartAsync(silos: 2);

        await PublishAsync(SampleLines());
        await DrainAsync();

        Assert.That(await AlertIdsAsync(), Is.EquivalentTo(ReplayedAlertIds()));
    }

    [Test]
    public async Task SiloJoinsAnIdleCluster_PartitionsMoveToTheirPlace_AndKeepFollowingTheWallClock()
    {
        _cluster = await StartAsync(silos: 1);
        await PublishAsync(SampleLines());
        await DrainAsync(); // the first silo owns every partition; idle, their event time follows the wall clock

        var joined = (await _cluster.StartAdditionalSiloAsync()).SiloAddress.ToString();
        var silos = _cluster.Silos.Select(s => s.SiloAddress).ToArray();
        await WaitUntilAsync(async () => (await StatusesAsync()).All(s => s.Epoch > 0 && s.Silo == PartitionPlacement.SiloOf(s.Partition, Partitions, silos).ToString()),
            "every partition on its place");
        Assert.That((await StatusesAsync()).Count(s => s.Silo == joined), Is.EqualTo(Partitions / 2));

        // Less than the lateness: a moved owner follows the wall clock at once only if it kept its idle clock.
        Time.Advance(TimeSpan.FromSeconds(2));
        var now = Time.GetUtcNow();
        await WaitUntilAsync(async () => (await StatusesAsync()).All(s => s.Watermark >= now), "event time follows the wall clock after the moves too");
        Assert.That(await AlertIdsAsync(), Is.EquivalentTo(ReplayedAlertIds()));
    }

    [Test]
    public async Task SiloKilledHalfWay_SurvivorResumesFromTheLastCommit_EveryAlertExactlyOnce()
    {
        _cluster = await StartAsync(silos: 2);
        var lines = SampleLines();
        await PublishAsync(lines[..(lines.Count / 2)]);
        await WaitUntilAsync(async () => (await StatusesAsync()).All(s => s.Cursor != StreamCursor.Beginning), "every partition committed once");

        // Membership is in Redis, as in production, so any silo may die: the one that owns partition 0.
        var owner = (await StatusesAsync())[0].Silo;
        var killed = _cluster.Silos.Single(s => s.SiloAddress.ToString() == owner);
        await _cluster.KillSiloAsync(killed);
        await PublishAsync(lines[(lines.Count / 2)..]);
        await DrainAsync();

        var alerts = await AlertIdsAsync();
        var survivor = _cluster.Silos.Single(s => s != killed).SiloAddress.ToString();
        Assert.That((await StatusesAsync()).Select(s => s.Silo).Distinct(), Is.EqualTo(new[] { survivor }));
        Assert.That(alerts, Is.Unique);
        Assert.That(alerts, Is.EquivalentTo(ReplayedAlertIds()));
    }

    [Test]
    public async Task StreamEntriesWithoutAUsableEvent_AreDeadLetteredByEntry_AndTheRestRuns()
    {
        _cluster = await StartAsync(silos: 1);
        var db = _redis.GetDatabase();
        var stream = new PartitionKeys(_prefix, 0).Events;
        var broken = await db.StreamAddAsync(stream, StreamFields.Event, """{"eventId":"bad-1","type":"customer_shouted"}""");
        var empty = await db.StreamAddAsync(stream, "note", "no event here");

        await PublishAsync(SampleLines());
        await DrainAsync();

        var refused = await new RedisDeadLetters(_redis, _prefix).RecentAsync(100); // the sample's own bad lines among them
        Assert.That(refused.Where(r => r.Source == $"{stream} {broken}").Select(r => r.EventId), Is.EqualTo(new[] { "bad-1" }));
        Assert.That(refused.Where(r => r.Source == $"{stream} {empty}").Select(r => r.Errors[0].Reason), Is.EqualTo(new[] { "stream entry has no 'event' field" }));
        Assert.That(await AlertIdsAsync(), Is.EquivalentTo(ReplayedAlertIds()));
    }

    [Test]
    public async Task Commit_StaleOwnerAfterATakeover_IsRefused()
    {
        var store = new PartitionStore(_redis, new RedisOptions { ConnectionString = "unused", KeyPrefix = _prefix });
        var stale = await store.ClaimAsync(0);
        var current = await store.ClaimAsync(0);
        var commit = new PartitionCommit("(1-0", DateTimeOffset.UnixEpoch, [new CustomerChange("cust-1", [1, 2, 3], null)], [("a-1", "{}")]);

        Assert.That(await store.CommitAsync(0, stale.Epoch, commit), Is.False);
        Assert.That(await _redis.GetDatabase().KeyExistsAsync(store.Keys(0).Alerts), Is.False, "the stale write left nothing");
        Assert.That(await store.CommitAsync(0, current.Epoch, commit), Is.True);
        Assert.That((await store.ClaimAsync(0)).Cursor, Is.EqualTo("(1-0"));
    }

    private async Task<TestCluster> StartAsync(int silos)
    {
        var builder = new TestClusterBuilder((short)silos);
        builder.Properties[$"{RedisOptions.Section}:ConnectionString"] = _redis.Configuration;
        builder.Properties[$"{RedisOptions.Section}:KeyPrefix"] = _prefix;
        builder.Properties[$"{RedisOptions.Section}:Shards"] = Partitions.ToString();
        builder.Properties[$"{RedisOptions.Section}:AllowedLateness"] = Lateness.ToString();
        builder.Options.UseTestClusterMembership = false;
        builder.AddSiloBuilderConfigurator<PartitionSilo>();
        builder.AddClientBuilderConfigurator<RedisMembershipClient>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private async Task PublishAsync(IEnumerable<string> lines)
    {
        var writer = new EventStreamWriter(_redis, new RedisOptions { ConnectionString = "unused", KeyPrefix = _prefix, Shards = Partitions });
        await writer.PublishAllAsync(lines.Select(l => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(l)));
    }

    /// <summary>Waits until every stream is read to its end, lets the wall clock pass the lateness, and waits for the drain.</summary>
    private async Task DrainAsync()
    {
        var keys = Enumerable.Range(0, Partitions).Select(p => new PartitionKeys(_prefix, p)).ToArray();
        await WaitUntilAsync(async () =>
        {
            var statuses = await StatusesAsync();
            foreach (var status in statuses)
            {
                var last = await _redis.GetDatabase().StreamRangeAsync(keys[status.Partition].Events, "-", "+", 1, Order.Descending);
                if (last.Length > 0 && status.ReadTo != StreamCursor.After(EntryId.Parse((string)last[0].Id!)))
                    return false;
            }
            return true;
        }, "every stream read to its end");
        Time.Advance(Lateness + TimeSpan.FromSeconds(1));
        var idleAt = Time.GetUtcNow();
        await WaitUntilAsync(async () => (await StatusesAsync()).All(s => s.Watermark >= idleAt), "event time follows the wall clock once idle");
    }

    private async Task<PartitionStatus[]> StatusesAsync() =>
        await Task.WhenAll(Enumerable.Range(0, Partitions).Select(p => _cluster!.Client.GetGrain<IPartitionGrain>(p).Own()));

    private async Task<List<string>> AlertIdsAsync() =>
        [.. (await _redis.GetDatabase().StreamRangeAsync(new PartitionKeys(_prefix, 0).Alerts)).Select(e => (string)e[StreamFields.AlertId]!)];

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        Exception? last = null;
        while (true)
        {
            try
            {
                if (await condition())
                    return;
            }
            catch (Exception ex) when (ex is not AssertionException)
            {
                last = ex; // a partition moving to another silo answers with an error for a moment
            }
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"timed out waiting until {what}{(last is null ? "" : $" (last error: {last.Message})")}");
            await Task.Delay(100);
        }
    }

    private static List<string> SampleLines() => [.. File.ReadLines(Repository.File("samples/events.jsonl")).Where(l => l.Trim().Length > 0)];

    private static List<string> ReplayedAlertIds()
    {
        using var input = File.OpenRead(Repository.File("samples/events.jsonl"));
        var file = new EventFile(input, "samples/events.jsonl", EventLimits.Default);
        var ids = new List<string>();
        Replay.Run(file.Events().InTimeOrder(e => e.OccurredAt, Lateness), DefaultEngine.Create(new FixedSettings(RiskSettings.BuiltIn)),
            step => ids.AddRange(step.Alerts.Select(a => a.AlertId)));
        return ids;
    }

    /// <summary>A silo as a host with Redis makes it: state and intake services, the partition owners, a fast death detection.</summary>
    private sealed class PartitionSilo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.Services.AddSingleton(new OwnerClock(Time));
            silo.Services.AddSingleton<ISettingsSource>(new FixedSettings(RiskSettings.BuiltIn));
            silo.Services.AddRiskTriggersState(silo.Configuration);
            silo.Services.AddRiskTriggersIntake(silo.Configuration);
            silo.Services.AddPartitionOwners();
            silo.Configure<ClusterMembershipOptions>(o => (o.ProbeTimeout, o.NumMissedProbesLimit) = (TimeSpan.FromSeconds(1), 2));
            silo.UseRedisClustering(o => o.ConfigurationOptions = Membership(silo.Configuration));
        }
    }

    private sealed class RedisMembershipClient : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder client) =>
            client.UseRedisClustering(o => o.ConfigurationOptions = Membership(configuration));
    }

    /// <summary>
    /// Retries its first connect instead of failing the start: on a loaded machine the client's membership connect
    /// sometimes failed at once ("Error connecting right now"), failing a test before it began.
    /// </summary>
    private static ConfigurationOptions Membership(IConfiguration configuration)
    {
        var options = ConfigurationOptions.Parse(configuration[$"{RedisOptions.Section}:ConnectionString"]!);
        options.AbortOnConnectFail = false;
        return options;
    }
}
