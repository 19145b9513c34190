using System.Text.Json;
using RiskTriggers.Engine;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.State.Redis;
using StackExchange.Redis;
using StableHash = RiskTriggers.Engine.State.Redis.StableHash;

namespace RiskTriggers.Host.Streams;

/// <summary>
/// Publishes events to the ingestion streams, each to its customer's partition (<see cref="StableHash"/> of the
/// customer id), so one customer's events — and so one interaction's — stay in one stream, in order, read by that
/// partition's one owner. For HTTP ingestion, tools and the <c>stream-publish</c> verb; platforms do the same with
/// <c>XADD rt:events:N * event JSON</c>.
/// </summary>
public sealed class EventStreamWriter(IConnectionMultiplexer redis, RedisOptions options)
{
    private readonly IDatabase _db = redis.GetDatabase();
    private readonly RedisKeys _keys = options.Keys();

    public int ShardOf(string customerId) => StableHash.ShardOf(customerId, options.Shards);

    /// <summary>Appends the event to its partition's stream and returns the entry id.</summary>
    public Task<RedisValue> PublishAsync(InteractionEvent e) =>
        AddAsync(ShardOf(e.CustomerId), JsonSerializer.Serialize(e, EngineJson.Default.InteractionEvent));

    /// <summary>
    /// Appends raw JSON as it came, valid or not (the partition's owner dead-letters what it refuses), to the stream
    /// of its <c>customerId</c>, or to stream 0 when it names none.
    /// </summary>
    public Task<RedisValue> PublishJsonAsync(string json) => AddAsync(ShardOf(CustomerIdOf(json) ?? ""), json);

    /// <summary>Publishes many events, pipelined (up to <paramref name="window"/> appends in flight).</summary>
    public async Task<int> PublishAllAsync(IEnumerable<string> jsonLines, int window = 1_000)
    {
        var pending = new List<Task>(window);
        var count = 0;
        foreach (var json in jsonLines)
        {
            pending.Add(PublishJsonAsync(json));
            count++;
            if (pending.Count == window)
            {
                await Task.WhenAll(pending);
                pending.Clear();
            }
        }
        await Task.WhenAll(pending);
        return count;
    }

    private Task<RedisValue> AddAsync(int shard, string json) =>
        _db.StreamAddAsync(_keys.Events(shard), StreamFields.Event, json, maxLength: options.StreamMaxLength, useApproximateMaxLength: true);

    private static string? CustomerIdOf(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == JsonValueKind.Object &&
                   doc.RootElement.TryGetProperty("customerId", out var id) && id.ValueKind == JsonValueKind.String
                ? id.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
