using System.Text.Json;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.State.Redis;
using StackExchange.Redis;

namespace RiskTriggers.Engine.State.DeadLetters;

/// <summary>
/// Dead letters on the <c>rt:dlq</c> stream (field <c>rejection</c>: the rejection's JSON), capped at about
/// <paramref name="maxLength"/> entries, so platforms read them with any Redis client.
/// </summary>
public sealed class RedisDeadLetters(IConnectionMultiplexer redis, string keyPrefix, int maxLength = RedisDeadLetters.DefaultMaxLength) : IDeadLetters
{
    public const int DefaultMaxLength = 100_000;

    private readonly RedisKey _stream = new RedisKeys(keyPrefix).DeadLetters;

    public async ValueTask DeadLetterAsync(Rejection rejection, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        var json = JsonSerializer.Serialize(rejection, EngineJson.Default.Rejection);
        await redis.GetDatabase().StreamAddAsync(_stream, StreamFields.Rejection, json, maxLength: maxLength, useApproximateMaxLength: true);
    }

    public async ValueTask<IReadOnlyList<Rejection>> RecentAsync(int max, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        if (max <= 0)
            return [];
        var entries = await redis.GetDatabase().StreamRangeAsync(_stream, "-", "+", max, Order.Descending);
        return [.. entries.Select(entry => JsonSerializer.Deserialize((string)entry[StreamFields.Rejection]!, EngineJson.Default.Rejection)!)];
    }
}
