using System.Net.Http.Json;
using System.Text.Json;
using RiskTriggers.Host.Tests.Support;
using StackExchange.Redis;

namespace RiskTriggers.Host.Tests;

/// <summary>
/// The host on the Redis store (RiskTriggers:Store=redis) against the redis-server named by
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
        await using (var host = await TestHost.StartAsync(new()
        {
            ["RiskTriggers:Store"] = "redis",
            ["RiskTriggers:RedisConnection"] = endpoint,
            ["RiskTriggers:Redis:KeyPrefix"] = prefix,
        }))
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
            Assert.That(keys, Is.Not.Empty, "the engine's state went to Redis");
            await redis.GetDatabase().KeyDeleteAsync([.. keys]);
        }
    }

    [Test]
    public void Start_RedisStoreWithoutConnection_Refused()
    {
        var app = TestHost.Build(new() { ["RiskTriggers:Store"] = "redis" });

        var error = Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(async () => await app.StartAsync());

        Assert.That(error!.Message, Does.Contain("RedisConnection is required"));
    }
}
