using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RiskTriggers.Engine;
using RiskTriggers.Engine.State.Redis;
using RiskTriggers.Host.Tests.Support;
using StackExchange.Redis;

namespace RiskTriggers.Host.Tests.Cluster;

/// <summary>
/// The failure drills of the Orleans cluster at CI size (benchmarks/cluster-drill.sh runs them at full size): hosts as
/// real processes on a real redis-server with AOF, a generated day published to <c>rt:events:N</c>, and the alert ids
/// of <c>rt:alerts</c> against a single-process <c>replay</c> of the same file.
/// </summary>
[Category("Redis")]
[NonParallelizable]
public sealed class ClusterDrillTests
{
    private const int Interactions = 1_200;
    private static readonly TimeSpan DeathTimeout = TimeSpan.FromSeconds(4);

    private static string _day = null!;
    private static List<string> _replayed = null!;

    [OneTimeSetUp]
    public static async Task GenerateAndReplayADay()
    {
        _day = Path.Combine(Directory.CreateTempSubdirectory("rt-drill-").FullName, "day.jsonl");
        // Three days back: inside the intake's age bound, and every deadline of the day is past the wall clock.
        var start = DateTimeOffset.UtcNow.Date.AddDays(-3).AddHours(8).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var generate = await HostProcess.RunAsync(null, "generate", "--interactions", Interactions.ToString(), "--seed", "11", "--start", start, "--out", _day);
        Assert.That(generate.Exit, Is.Zero, string.Join("\n", generate.Error));
        var replay = await HostProcess.RunAsync(null, "replay", "--lateness", WorkerCluster.Lateness, _day);
        Assert.That(replay.Exit, Is.Zero, string.Join("\n", replay.Error));
        _replayed = [.. replay.Output.Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("alertId").GetString()!)];
        Assert.That(_replayed, Has.Count.GreaterThan(100), "a day with alerts enough to lose some");
    }

    [Test]
    public async Task ThreeWorkers_OneKilledMidStreamAndStartedAgain_AlertsEqualReplay()
    {
        await using var cluster = new WorkerCluster(DeathTimeout);
        for (var i = 0; i < 3; i++)
            cluster.AddWorker();
        using var redis = await cluster.ConnectAsync();
        await cluster.StartedAsync();
        var (first, second) = Halves();
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var killAt = random.Next(1, _replayed.Count / 4);
        var partition = random.Next(WorkerCluster.Partitions);

        await PublishAsync(redis, first);
        await WorkerCluster.Until(async () => await redis.GetDatabase().StreamLengthAsync("rt:alerts") >= killAt, $"{killAt} alerts out");
        var victim = cluster.OwnerOf(partition); // a host that owns something, so there is something to take over
        TestContext.Progress.WriteLine($"kill drill: seed {seed}, host {victim} (owner of partition {partition}) killed once {killAt} alerts were out");
        cluster.Kill(victim);
        await PublishAsync(redis, second);
        await WorkerCluster.Until(() => TakenOverAsync(redis), "a survivor took a partition of the dead host over");
        cluster.Restart(victim);
        await cluster.DrainedAsync(redis, DateTimeOffset.UtcNow);

        AssertEqualsReplay(await WorkerCluster.AlertIdsAsync(redis));
    }

    [Test]
    public async Task RedisRestartedMidStream_HostsCarryOn_AlertsEqualReplay()
    {
        await using var cluster = new WorkerCluster(DeathTimeout);
        for (var i = 0; i < 3; i++)
            cluster.AddWorker();
        await cluster.StartedAsync();
        var (first, second) = Halves();
        using (var redis = await cluster.ConnectAsync())
        {
            await PublishAsync(redis, first);
            await WorkerCluster.Until(async () => await redis.GetDatabase().StreamLengthAsync("rt:alerts") >= 10, "the owners at work");
        }

        cluster.Redis.Shutdown(); // the AOF keeps what was written
        cluster.Redis.Start();

        using var again = await cluster.ConnectAsync();
        await PublishAsync(again, second);
        await cluster.DrainedAsync(again, DateTimeOffset.UtcNow);
        AssertEqualsReplay(await WorkerCluster.AlertIdsAsync(again));
    }

    [Test]
    public async Task OwnerKilledWithAReplyPending_OverdueAlertFiresOnce_SoonAfterTheTakeover()
    {
        var settings = Path.Combine(Path.GetDirectoryName(_day)!, "fast-reply.json");
        await File.WriteAllTextAsync(settings, """{ "replyOverdue": { "after": "10s" } }""");
        await using var cluster = new WorkerCluster(DeathTimeout);
        for (var i = 0; i < 3; i++)
            cluster.AddWorker("--settings", settings);
        using var redis = await cluster.ConnectAsync();
        await cluster.StartedAsync();
        var partition = RiskTriggers.Engine.State.Redis.StableHash.ShardOf("cust-od", WorkerCluster.Partitions);
        await WorkerCluster.Until(() => Task.FromResult(Enumerable.Range(0, 3).Any(h => cluster.Logs(h).Any(l => l.Contains($"Partition {partition} owned here")))), "an owner");

        var at = DateTimeOffset.UtcNow;
        await PublishAsync(redis, [Line("od-1", "interaction_started", at), Line("od-2", "customer_message", at, "my invoice is wrong")]);
        var position = new Host.Streams.PartitionKeys("rt:", partition).Position;
        await WorkerCluster.Until(async () => ((string?)await redis.GetDatabase().HashGetAsync(position, "cursor"))?.StartsWith('(') == true, "the owner read the message");
        cluster.Kill(cluster.OwnerOf(partition));

        var due = at + TimeSpan.FromSeconds(10);
        await WorkerCluster.Until(async () => await redis.GetDatabase().StreamLengthAsync("rt:alerts") > 0, "the overdue alert");
        var fired = (await redis.GetDatabase().StreamRangeAsync("rt:alerts"))[0];
        var late = DateTimeOffset.FromUnixTimeMilliseconds((long)EntryId(fired.Id).Ms) - due;
        await cluster.DrainedAsync(redis, DateTimeOffset.UtcNow);
        TestContext.Progress.WriteLine($"overdue drill: ReplyOverdue committed {late.TotalMilliseconds:F0} ms after it was due (death timeout {DeathTimeout})");

        var alerts = await redis.GetDatabase().StreamRangeAsync("rt:alerts");
        Assert.That(alerts, Has.Length.EqualTo(1), "fired once");
        Assert.That((string?)alerts[0][StreamFields.Alert], Does.Contain("ReplyOverdue"));
        // Due while the owner is dead: the survivor fires it once it owns the partition and the quiet stream is idle.
        Assert.That(late, Is.LessThan(DeathTimeout + Durations.Parse(WorkerCluster.Lateness) + TimeSpan.FromSeconds(10)));
    }

    private static (List<string> First, List<string> Second) Halves()
    {
        var lines = File.ReadLines(_day).Where(l => l.Length > 0).ToList();
        return (lines[..(lines.Count / 2)], lines[(lines.Count / 2)..]);
    }

    private static Task PublishAsync(IConnectionMultiplexer redis, IEnumerable<string> lines) =>
        new Host.Streams.EventStreamWriter(redis, new Host.Streams.RedisOptions { ConnectionString = "unused", Shards = WorkerCluster.Partitions })
            .PublishAllAsync(lines.Select(l => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(l)));

    /// <summary>Some partition has had a second owner (its epoch counts owners).</summary>
    private static async Task<bool> TakenOverAsync(IConnectionMultiplexer redis)
    {
        for (var p = 0; p < WorkerCluster.Partitions; p++)
        {
            if ((long?)await redis.GetDatabase().StringGetAsync(new Host.Streams.PartitionKeys("rt:", p).Epoch) > 1)
                return true;
        }
        return false;
    }

    private static void AssertEqualsReplay(List<string> alerts)
    {
        var lost = _replayed.Except(alerts).ToList();
        TestContext.Progress.WriteLine($"{alerts.Count} alerts in rt:alerts, replay {_replayed.Count}, lost {lost.Count}: {string.Join(" ", lost.Take(10))}");
        Assert.Multiple(() =>
        {
            Assert.That(alerts, Is.Unique, "duplicated");
            Assert.That(_replayed.Except(alerts), Is.Empty, "lost");
            Assert.That(alerts.Except(_replayed), Is.Empty, "extra");
        });
    }

    private static string Line(string id, string type, DateTimeOffset at, string? text = null) => JsonSerializer.Serialize(new
    {
        eventId = id, type, occurredAt = at.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture), interactionId = "ix-od",
        customerId = "cust-od", channel = "chat", queue = "billing", agentId = "agent-01", text,
    });

    private static Host.Cluster.EntryId EntryId(RedisValue id) => Host.Cluster.EntryId.Parse((string)id!);
}
