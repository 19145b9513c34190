using System.Text.Json;
using System.Text.RegularExpressions;
using RiskTriggers.Host.Cluster;
using RiskTriggers.Engine.State.Redis;
using RiskTriggers.Host.Streams;
using RiskTriggers.Host.Tests.Support;
using StackExchange.Redis;

namespace RiskTriggers.Host.Tests.Cluster;

/// <summary>
/// Hosts as real processes (<c>risktriggers worker</c> or <c>serve</c>) on a redis-server of the drill's own (AOF on),
/// each on its own silo and gateway ports, so one can be killed with SIGKILL and started again on the same ports.
/// Every wait polls a condition against a deadline.
/// </summary>
internal sealed class WorkerCluster : IAsyncDisposable
{
    public const int Partitions = 4;
    /// <summary>Longer than any quiet moment a drill makes (a Redis restart, a kill): a stream quiet for this long is idle.</summary>
    public const string Lateness = "10s";
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private readonly List<(string[] Args, HostProcess? Process)> _hosts = [];
    private readonly Dictionary<string, string?> _environment;

    public WorkerCluster(TimeSpan deathTimeout)
    {
        Redis.Start();
        _environment = new() { ["RiskTriggers__Cluster__DeathTimeout"] = deathTimeout.ToString("c") };
    }

    public PrivateRedisServer Redis { get; } = new();

    public string Endpoint => Redis.Endpoint;

    /// <summary>A connection to the drill's Redis once it answers (it may be starting), reconnecting by itself.</summary>
    public async Task<ConnectionMultiplexer> ConnectAsync()
    {
        var redis = await ConnectionMultiplexer.ConnectAsync($"{Endpoint},abortConnect=false");
        await Until(async () => (await redis.GetDatabase().PingAsync()) >= TimeSpan.Zero, "Redis answers");
        return redis;
    }

    /// <summary>Adds a worker host and starts it; <paramref name="extra"/> goes on its command line.</summary>
    public int AddWorker(params string[] extra) => Add(
        ["worker", "--redis", Endpoint, "--shards", Partitions.ToString(), "--lateness", Lateness,
         "--silo-port", PrivateRedisServer.FreePort().ToString(), "--gateway-port", PrivateRedisServer.FreePort().ToString(), .. extra]);

    /// <summary>Adds a serve host listening on <paramref name="url"/> and starts it.</summary>
    public int AddServe(string url) => Add(
        ["serve", "--urls", url, $"--RiskTriggers:Redis:ConnectionString={Endpoint}", $"--RiskTriggers:Redis:Shards={Partitions}",
         $"--RiskTriggers:Cluster:SiloPort={PrivateRedisServer.FreePort()}", $"--RiskTriggers:Cluster:GatewayPort={PrivateRedisServer.FreePort()}"]);

    private int Add(string[] args)
    {
        _hosts.Add((args, HostProcess.Start(_environment, args)));
        return _hosts.Count - 1;
    }

    /// <summary>Waits until every live host has started: its silo has joined the cluster as an active member.</summary>
    public Task StartedAsync() => Until(
        () => Task.FromResult(_hosts.All(h => h.Process is null || h.Process.Output.Any(l => l.Contains("Application started")))), "every host started");

    /// <summary>SIGKILL, as <c>kill -9</c>: no goodbye to the membership, nothing flushed.</summary>
    public void Kill(int host)
    {
        _hosts[host].Process?.Dispose();
        _hosts[host] = (_hosts[host].Args, null);
    }

    /// <summary>Starts a killed host again with its own command line (the same ports).</summary>
    public void Restart(int host) => _hosts[host] = (_hosts[host].Args, HostProcess.Start(_environment, _hosts[host].Args));

    /// <summary>The host whose log last says it took the partition over.</summary>
    /// <summary>The host that took the partition last (the highest epoch logged): a partition may have been activated twice, e.g. as silos join.</summary>
    public int OwnerOf(int partition)
    {
        var owned = new Regex($@"Partition {partition} owned here, epoch (\d+)");
        var claims = Enumerable.Range(0, _hosts.Count)
            .SelectMany(i => (_hosts[i].Process?.Output ?? []).Select(l => owned.Match(l)).Where(m => m.Success).Select(m => (Host: i, Epoch: long.Parse(m.Groups[1].Value))))
            .ToList();
        Assert.That(claims, Is.Not.Empty, $"a host owns partition {partition}");
        return claims.MaxBy(c => c.Epoch).Host;
    }

    public IReadOnlyList<string> Logs(int host) => _hosts[host].Process?.Output ?? [];

    /// <summary>
    /// Waits until every partition has read its stream to the end and committed an event time at or past
    /// <paramref name="since"/>: as the commit holds the alerts with the watermark, everything due before it has fired.
    /// </summary>
    public async Task DrainedAsync(IConnectionMultiplexer redis, DateTimeOffset since)
    {
        var db = redis.GetDatabase();
        await Until(async () =>
        {
            for (var p = 0; p < Partitions; p++)
            {
                var keys = new PartitionKeys("rt:", p);
                var last = await db.StreamRangeAsync(keys.Events, "+", "-", 1, Order.Descending);
                var position = await db.HashGetAsync(keys.Position, ["cursor", "watermark"]);
                if (last.Length > 0 && (string?)position[0] != StreamCursor.After(EntryId.Parse((string)last[0].Id!)))
                    return false;
                if (position[1].IsNull || (long)position[1] < since.ToUnixTimeMilliseconds())
                    return false;
            }
            return true;
        }, "every partition drained");
    }

    public static async Task<List<string>> AlertIdsAsync(IConnectionMultiplexer redis) =>
        [.. (await redis.GetDatabase().StreamRangeAsync("rt:alerts")).Select(e => (string)e[StreamFields.AlertId]!)];

    /// <summary>Polls <paramref name="condition"/> until it holds, failing after <see cref="Patience"/>.</summary>
    public static async Task Until(Func<Task<bool>> condition, string what)
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
            catch (Exception ex) when (ex is RedisException or HttpRequestException or TaskCanceledException or JsonException)
            {
                last = ex; // Redis restarting, a host not listening yet
            }
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"timed out waiting until {what}{(last is null ? "" : $" (last error: {last.Message})")}");
            await Task.Delay(50);
        }
    }

    private static string Short(string line) => line.Length > 240 ? line[..240] + " …" : line;

    public async ValueTask DisposeAsync()
    {
        var failed = TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed;
        for (var i = 0; i < _hosts.Count; i++)
        {
            if (failed && _hosts[i].Process is { } host)
                TestContext.Out.WriteLine($"--- host {i} ({_hosts[i].Args[0]}):\n{string.Join("\n", host.Output.Concat(host.Error).TakeLast(40).Select(Short))}");
            _hosts[i].Process?.Dispose();
        }
        await Task.CompletedTask;
        Redis.Dispose();
    }
}
