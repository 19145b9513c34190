using StackExchange.Redis;

namespace RiskTriggers.Host.Tests.Support;

/// <summary>
/// The two alert books a host can run on, for fixtures that must behave the same on both: "embedded" (in memory) and
/// "redis" (the redis-server of RISKTRIGGERS_TEST_REDIS, under a key prefix of the test's own, deleted afterwards).
/// </summary>
internal sealed class AlertBooks : IAsyncDisposable
{
    public const string Embedded = "embedded";
    public const string Redis = "redis";
    private const string Variable = "RISKTRIGGERS_TEST_REDIS";

    private readonly string? _endpoint;
    private readonly string _prefix = $"t:{Guid.NewGuid():N}:";

    public AlertBooks(string book)
    {
        if (book == Embedded)
            return;
        _endpoint = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(_endpoint))
            Assert.Fail($"the Redis alert book needs a redis-server: set {Variable} to host:port, or run ./test.sh, which starts one");
    }

    /// <summary>Host configuration for this book: nothing for the embedded one, the connection and prefix for Redis.</summary>
    public Dictionary<string, string?> Settings() => _endpoint is null ? [] : RedisHostTests.RedisSettings(_endpoint, _prefix);

    public async ValueTask DisposeAsync()
    {
        if (_endpoint is null)
            return;
        using var redis = await ConnectionMultiplexer.ConnectAsync(_endpoint);
        foreach (var server in redis.GetServers())
        {
            var keys = new List<RedisKey>();
            await foreach (var key in server.KeysAsync(pattern: _prefix + "*"))
                keys.Add(key);
            if (keys.Count > 0)
                await redis.GetDatabase().KeyDeleteAsync([.. keys]);
        }
    }
}
