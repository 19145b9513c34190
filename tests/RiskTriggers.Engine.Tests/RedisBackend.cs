using StackExchange.Redis;

namespace RiskTriggers.Engine.Tests;

/// <summary>
/// What a Redis contract fixture needs: two connections to the test server (this host and "another host") and
/// a fresh key prefix per test, whose keys are deleted afterwards.
/// </summary>
internal sealed class RedisBackend : IDisposable
{
    public ConnectionMultiplexer Redis { get; } = TestRedis.Connect();

    public ConnectionMultiplexer OtherHost { get; } = TestRedis.Connect();

    public string Prefix { get; private set; } = "";

    public string NewPrefix() => Prefix = TestRedis.NewKeyPrefix();

    public Task DeleteKeysAsync() => Prefix.Length == 0 ? Task.CompletedTask : TestRedis.DeleteKeysAsync(Redis, Prefix);

    public void Dispose()
    {
        Redis.Dispose();
        OtherHost.Dispose();
    }
}
