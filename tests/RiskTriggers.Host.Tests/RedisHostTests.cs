using System.Net.Http.Json;
using System.Text.Json;
using RiskTriggers.Host.Tests.Support;
using StackExchange.Redis;

namespace RiskTriggers.Host.Tests;

/// <summary>
/// The host on the Redis store (RiskTriggers:Redis:ConnectionString) against the redis-server named by
/// RISKTRIGGERS_TEST_REDIS (./test.sh starts one). A missing server fails; it is never skipped.
/// </summary>
[Category("Redis")]
public sealed class RedisHostTests
{
    private const string Variable = "RISKTRIGGERS_TEST_REDIS";

    [Test]
    public async Task Host_RedisStore_ReadyAndRaisesAlerts()
    {
        var endpoint = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(endpoint))
            Assert.Fail($"needs a redis-server: set {Variable} to host:port, or run ./test.sh, which starts one");
        var prefix = $"t:{Guid.NewGuid():N}:";
        await using (var host = await TestHost.StartAsync(RedisSettings(endpoint!, prefix)))
        {
            Assert.That(await host.Client().GetStringAsync("/health/ready"), Is.EqualTo("Healthy"));
            var ix = Ev.Ix();
            var notice = await host.RaiseAsync(ix, Ev.Threat(ix));
            var alert = await host.Client(TestHost.SupervisorKey).GetFromJsonAsync<JsonElement>($"/v1/alerts/{notice.Alert.AlertId}");
            Assert.That(alert.GetProperty("priority").GetString(), Is.EqualTo("P1"));
        }

        using var redis = await ConnectionMultiplexer.ConnectAsync(endpoint!);
        foreach (var server in redis.GetServers())
        {
            var keys = new List<RedisKey>();
            await foreach (var key in server.KeysAsync(pattern: prefix + "*"))
                keys.Add(key);
            var names = keys.Select(k => k.ToString()).ToList();
            Assert.That(names, Has.Member($"{prefix}alerts"), "the partition owner appended the alert");
            Assert.That(names, Has.Some.EndsWith(":customers"), "and the customer's snapshot");
            await redis.GetDatabase().KeyDeleteAsync([.. keys]);
        }
    }

    [Test]
    public async Task Ingest_RedisDown_Answers503WithRetryAfter_Never202()
    {
        using var redis = new PrivateRedisServer();
        redis.Start();
        var prefix = $"t:{Guid.NewGuid():N}:";
        await using var host = await TestHost.StartAsync(RedisSettings(redis.Endpoint, prefix));
        var ix = Ev.Ix();
        await host.PostEventsAsync(Ev.Frustrated(ix));
        var stream = $"{prefix}events:{Engine.State.Redis.StableHash.ShardOf("cust-" + ix, 4)}";
        using (var db = await ConnectionMultiplexer.ConnectAsync(redis.Endpoint))
            Assert.That(await db.GetDatabase().StreamLengthAsync(stream), Is.EqualTo(1), "202 only once appended to the customer's stream");

        redis.Shutdown();
        using var client = host.Client(TestHost.IngestKey);
        using var response = await client.PostAsJsonAsync("/v1/events", new[] { Ev.Threat(ix) });

        Assert.That((int)response.StatusCode, Is.EqualTo(503), await response.Content.ReadAsStringAsync());
        Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(1)));
        redis.Start(); // back, so the silo leaves the membership quickly instead of retrying for a minute
    }

    [Test]
    public async Task Host_Redis_AckReachesThePartitionGrain_OnlyTheUnansweredAlertEscalates()
    {
        var endpoint = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(endpoint))
            Assert.Fail($"needs a redis-server: set {Variable} to host:port, or run ./test.sh, which starts one");
        var prefix = $"t:{Guid.NewGuid():N}:";
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await TestHost.StartAsync(RedisSettings(endpoint!, prefix),
            s => Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<TimeProvider>(s, time));
        var (acked, unacked) = (Ev.Ix(), Ev.Ix());
        var first = await host.RaiseAsync(acked, Ev.Message(acked, Ev.FrustratedText, at: time.GetUtcNow()));
        using (var agent = host.Client(TestHost.Agent1Key))
            (await agent.PostAsync($"/v1/alerts/{first.Alert.AlertId}/ack", null)).EnsureSuccessStatusCode();
        var second = await host.RaiseAsync(unacked, Ev.Message(unacked, Ev.FrustratedText, at: time.GetUtcNow()));
        using var watch = host.Watch(n => n.Change == Delivery.AlertNotice.Escalated);

        // Idle streams: event time follows the (fake) wall clock once it passes the allowed lateness.
        time.Advance(TimeSpan.FromMinutes(6));
        var escalated = await watch.NextAsync();

        using var redis = await ConnectionMultiplexer.ConnectAsync(endpoint!);
        var entries = await redis.GetDatabase().StreamRangeAsync($"{prefix}escalations");
        Assert.Multiple(() =>
        {
            Assert.That(escalated.Alert.AlertId, Is.EqualTo(second.Alert.AlertId));
            Assert.That(escalated.Alert.History.Last().At, Is.EqualTo(second.Alert.EscalatesAt), "at the engine's escalatesAt");
            Assert.That(entries.Select(e => (string?)e["alertId"]), Is.EqualTo(new[] { second.Alert.AlertId }),
                "the acknowledged alert's timeout was stopped by its owner: no escalation committed for it");
        });
    }

    /// <summary>A host on Redis, its silo on free ports (the defaults would collide between tests).</summary>
    internal static Dictionary<string, string?> RedisSettings(string endpoint, string prefix) => new()
    {
        ["RiskTriggers:Redis:ConnectionString"] = endpoint,
        ["RiskTriggers:Redis:KeyPrefix"] = prefix,
        ["RiskTriggers:Cluster:ClusterId"] = prefix.Replace(":", "-").TrimEnd('-'),
        ["RiskTriggers:Cluster:SiloPort"] = PrivateRedisServer.FreePort().ToString(),
        ["RiskTriggers:Cluster:GatewayPort"] = PrivateRedisServer.FreePort().ToString(),
    };

    [Test]
    public void Start_BadRedisOptions_RefusedListingThem()
    {
        var app = TestHost.Build(new() { ["RiskTriggers:Redis:ConnectionString"] = "127.0.0.1:1", ["RiskTriggers:Redis:KeyPrefix"] = "{rt}:" });

        var error = Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(async () => await app.StartAsync());

        Assert.That(error!.Message, Does.Contain("KeyPrefix"));
    }
}
