using StackExchange.Redis;

namespace RiskTriggers.Engine.Tests;

/// <summary>
/// The redis-server the Redis tests run against, named by <see cref="Variable"/> (e.g. <c>127.0.0.1:6390</c>;
/// ./test.sh starts one). A missing or unreachable server fails the fixture; it is never skipped. Tests share
/// the server with others, so each works under its own key prefix and deletes only its own keys.
/// </summary>
internal static class TestRedis
{
    public const string Variable = "RISKTRIGGERS_TEST_REDIS";

    /// <summary>Connects to the test server, or fails the calling fixture saying why.</summary>
    public static ConnectionMultiplexer Connect()
    {
        var endpoint = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(endpoint))
            Assert.Fail($"Redis tests need a redis-server: set {Variable} to its host:port (e.g. 127.0.0.1:6390), or run ./test.sh, which starts one.");
        try
        {
            var options = ConfigurationOptions.Parse(endpoint!);
            options.AbortOnConnectFail = true;
            options.ConnectTimeout = 3_000;
            options.ConnectRetry = 1;
            return ConnectionMultiplexer.Connect(options);
        }
        catch (Exception ex) when (ex is RedisConnectionException or ArgumentException)
        {
            Assert.Fail($"Redis tests need a redis-server: cannot connect to {endpoint} ({Variable}): {ex.Message}");
            throw; // unreachable: Assert.Fail throws
        }
    }

    /// <summary>A key prefix no other test uses.</summary>
    public static string NewKeyPrefix() => $"t:{Guid.NewGuid():N}:";

    /// <summary>Deletes the keys under <paramref name="prefix"/> (SCAN, never FLUSH: the server is shared).</summary>
    public static async Task DeleteKeysAsync(IConnectionMultiplexer redis, string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix); // an empty prefix would match every key on the server
        var db = redis.GetDatabase();
        foreach (var server in redis.GetServers())
        {
            var keys = new List<RedisKey>();
            await foreach (var key in server.KeysAsync(pattern: prefix + "*", pageSize: 500))
                keys.Add(key);
            if (keys.Count > 0)
                await db.KeyDeleteAsync(keys.ToArray());
        }
    }
}
