using RiskTriggers.Engine.State.Redis;
using RiskTriggers.Host.Cluster;
using StackExchange.Redis;

namespace RiskTriggers.Host.Streams;

/// <summary>
/// A partition's durable side in Redis: its owner's epoch, its stream position and watermark, its customers'
/// snapshots indexed by their next timer. A batch's effects are committed in one script, fenced by the epoch, so a
/// stale owner's write fails instead of overwriting its successor's.
/// </summary>
internal sealed class PartitionStore(IConnectionMultiplexer redis, RedisOptions options)
{
    // KEYS: epoch, position. Returns the new epoch, the cursor and the watermark (or false when none was stored).
    private const string ClaimScript = """
        local epoch = redis.call('INCR', KEYS[1])
        local position = redis.call('HMGET', KEYS[2], 'cursor', 'watermark')
        return {epoch, position[1], position[2]}
        """;

    // KEYS: epoch, position, customers, due, alerts, escalations. ARGV: epoch, cursor, watermark ms, alert cap, customer count,
    // alert count, then per customer id, snapshot ('' = released), next due ms ('' = none); then per alert id, json;
    // then per escalation alert id, escalated-at (ISO 8601).
    // Returns 0 (and writes nothing) when another owner took the partition over.
    private const string CommitScript = $$"""
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        redis.call('HSET', KEYS[2], 'cursor', ARGV[2], 'watermark', ARGV[3])
        local i = 7
        for _ = 1, tonumber(ARGV[5]) do
          local id, snapshot, due = ARGV[i], ARGV[i + 1], ARGV[i + 2]
          i = i + 3
          if snapshot == '' then
            redis.call('HDEL', KEYS[3], id)
            redis.call('ZREM', KEYS[4], id)
          else
            redis.call('HSET', KEYS[3], id, snapshot)
            if due == '' then redis.call('ZREM', KEYS[4], id) else redis.call('ZADD', KEYS[4], due, id) end
          end
        end
        for _ = 1, tonumber(ARGV[6]) do
          redis.call('XADD', KEYS[5], 'MAXLEN', '~', ARGV[4], '*', '{{StreamFields.AlertId}}', ARGV[i], '{{StreamFields.Alert}}', ARGV[i + 1])
          i = i + 2
        end
        while i < #ARGV do
          redis.call('XADD', KEYS[6], 'MAXLEN', '~', ARGV[4], '*', '{{StreamFields.AlertId}}', ARGV[i], '{{StreamFields.EscalatedAt}}', ARGV[i + 1])
          i = i + 2
        end
        return 1
        """;

    private IDatabase Db => redis.GetDatabase();

    public PartitionKeys Keys(int partition) => new(options.KeyPrefix, partition);

    /// <summary>Becomes the partition's owner: a new epoch, and where the last owner left off.</summary>
    public async Task<PartitionClaim> ClaimAsync(int partition)
    {
        var keys = Keys(partition);
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(ClaimScript, [keys.Epoch, keys.Position]))!;
        var cursor = result[1].IsNull ? StreamCursor.Beginning : (string)result[1]!;
        var watermark = result[2].IsNull ? DateTimeOffset.MinValue : DateTimeOffset.FromUnixTimeMilliseconds((long)result[2]);
        return new PartitionClaim((long)result[0], cursor, watermark);
    }

    public Task<StreamEntry[]> ReadAsync(int partition, string cursor, int count) =>
        Db.StreamRangeAsync(Keys(partition).Events, cursor, "+", count);

    /// <summary>The stored snapshots of these customers (null where none is stored).</summary>
    public async Task<byte[]?[]> LoadAsync(int partition, IReadOnlyList<string> customerIds)
    {
        if (customerIds.Count == 0)
            return [];
        var values = await Db.HashGetAsync(Keys(partition).Customers, [.. customerIds.Select(id => (RedisValue)id)]);
        return [.. values.Select(v => v.IsNull ? null : (byte[]?)v)];
    }

    /// <summary>Customers with a timer due at or before <paramref name="until"/>.</summary>
    public async Task<string[]> DueByAsync(int partition, DateTimeOffset until) =>
        [.. (await Db.SortedSetRangeByScoreAsync(Keys(partition).Due, double.NegativeInfinity, until.ToUnixTimeMilliseconds()))
            .Select(id => (string)id!)];

    /// <summary>Commits a batch's effects in one step; false when the epoch is no longer the partition's (a newer owner).</summary>
    public async Task<bool> CommitAsync(int partition, long epoch, PartitionCommit commit)
    {
        var keys = Keys(partition);
        var escalations = commit.Escalations ?? [];
        var args = new List<RedisValue>(6 + commit.Customers.Count * 3 + (commit.Alerts.Count + escalations.Count) * 2)
        {
            epoch, commit.Cursor, commit.Watermark.ToUnixTimeMilliseconds(), options.StreamMaxLength, commit.Customers.Count, commit.Alerts.Count,
        };
        foreach (var change in commit.Customers)
        {
            args.Add(change.CustomerId);
            args.Add(change.Snapshot is null ? RedisValue.EmptyString : (RedisValue)change.Snapshot);
            args.Add(change.NextDue is { } due ? due.ToUnixTimeMilliseconds() : RedisValue.EmptyString);
        }
        foreach (var (alertId, json) in commit.Alerts)
        {
            args.Add(alertId);
            args.Add(json);
        }
        foreach (var escalation in escalations)
        {
            args.Add(escalation.AlertId);
            args.Add(escalation.At.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        }
        return (long)await Db.ScriptEvaluateAsync(CommitScript, [keys.Epoch, keys.Position, keys.Customers, keys.Due, keys.Alerts, keys.Escalations], [.. args]) == 1;
    }
}

/// <summary>What a new owner starts from: its epoch, the stream cursor and the watermark of the last commit.</summary>
internal sealed record PartitionClaim(long Epoch, string Cursor, DateTimeOffset Watermark);

/// <summary>A batch's effects: the position reached, the customers it changed, the alerts it raised and the alerts whose ack timeout ran out.</summary>
internal sealed record PartitionCommit(string Cursor, DateTimeOffset Watermark, IReadOnlyList<CustomerChange> Customers, IReadOnlyList<(string AlertId, string Json)> Alerts,
    IReadOnlyList<Engine.Partitions.AlertEscalation>? Escalations = null);

/// <summary>A changed customer: the snapshot (null once released) and their earliest timer.</summary>
internal sealed record CustomerChange(string CustomerId, byte[]? Snapshot, DateTimeOffset? NextDue);
