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
    /// Appends raw JSON (UTF-8) as it came, valid or not (the partition's owner dead-letters what it refuses), to the
    /// stream of its <c>customerId</c>, or to stream 0 when it names none. The bytes are copied before this returns.
    /// </summary>
    public Task<RedisValue> PublishJsonAsync(ReadOnlySpan<byte> json) => AddAsync(ShardOf(CustomerIdOf(json) ?? ""), json.ToArray());

    /// <summary>Publishes many events, pipelined (up to <paramref name="window"/> appends in flight).</summary>
    public async Task<int> PublishAllAsync(IEnumerable<ReadOnlyMemory<byte>> jsonLines, int window = 1_000)
    {
        var pending = new List<Task>(window);
        var count = 0;
        foreach (var json in jsonLines)
        {
            pending.Add(PublishJsonAsync(json.Span));
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

    private Task<RedisValue> AddAsync(int shard, RedisValue json) =>
        _db.StreamAddAsync(_keys.Events(shard), StreamFields.Event, json, maxLength: options.StreamMaxLength, useApproximateMaxLength: true);

    /// <summary>The top-level <c>customerId</c> (the last one, as <see cref="JsonDocument"/> reads it); null when the JSON is invalid or names none.</summary>
    private static string? CustomerIdOf(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        string? customerId = null;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return reader.TokenType == JsonTokenType.None ? null : SkipAll(ref reader, null);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isCustomerId = reader.ValueTextEquals("customerId"u8);
                reader.Read();
                if (isCustomerId)
                    customerId = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                else
                    reader.Skip();
            }
            return SkipAll(ref reader, customerId);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Reads to the end, so JSON that is invalid after its <c>customerId</c> names none either.</summary>
    private static string? SkipAll(ref Utf8JsonReader reader, string? customerId)
    {
        while (reader.Read())
        {
        }
        return customerId;
    }
}
