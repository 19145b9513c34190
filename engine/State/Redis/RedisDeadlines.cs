using System.Text.Json;
using StackExchange.Redis;
using static RiskTriggers.Engine.State.Redis.RedisValues;

namespace RiskTriggers.Engine.State.Redis;

/// <summary>
/// Pending deadlines spread over <see cref="RedisKeys.DeadlineShards"/> sorted sets, each with its payload hash.
/// With one shard every call is one script; with more, a claim peeks at all shards first (one pipelined round
/// trip) to take the earliest across them, then claims from each shard its share (a second one).
/// </summary>
internal sealed class RedisDeadlines(IDatabaseAsync db, RedisKeys keys)
{
    public async Task<bool> ScheduleAsync(Deadline deadline)
    {
        var shard = keys.ShardOf(deadline.Key);
        var payload = JsonSerializer.Serialize(deadline, RedisStoreJson.Default.Deadline);
        var added = await db.ScriptEvaluateAsync(
            RedisScripts.ScheduleDeadline, [keys.Timers(shard), keys.TimerPayloads(shard)], [MsNotBefore(deadline.DueAt), deadline.Key, payload]);
        return (long)added == 1;
    }

    public async Task<bool> CancelAsync(string key)
    {
        var shard = keys.ShardOf(key);
        var removed = await db.ScriptEvaluateAsync(
            RedisScripts.CancelDeadline, [keys.Timers(shard), keys.TimerPayloads(shard)], [key]);
        return (long)removed == 1;
    }

    public async Task<IReadOnlyList<Deadline>> ClaimDueAsync(DateTimeOffset now, int max)
    {
        if (max <= 0)
            return [];
        var nowMs = Ms(now);
        if (keys.DeadlineShards == 1)
            return await ClaimAsync(0, nowMs, max);

        var peeks = await Task.WhenAll(Shards().Select(shard =>
            db.SortedSetRangeByScoreWithScoresAsync(keys.Timers(shard), double.NegativeInfinity, nowMs, take: max)));
        var shares = peeks
            .SelectMany((due, shard) => due.Select(entry => (Shard: shard, entry.Score, Key: (string)entry.Element!)))
            .OrderBy(e => e.Score).ThenBy(e => e.Key, StringComparer.Ordinal)
            .Take(max)
            .CountBy(e => e.Shard);
        var claimed = await Task.WhenAll(shares.Select(share => ClaimAsync(share.Key, nowMs, share.Value)));
        return claimed.SelectMany(d => d).OrderBy(d => d.DueAt).ThenBy(d => d.Key, StringComparer.Ordinal).ToList();
    }

    public async Task<DateTimeOffset?> NextDueAsync()
    {
        var firsts = await Task.WhenAll(Shards().Select(shard => db.SortedSetRangeByRankWithScoresAsync(keys.Timers(shard), 0, 0)));
        var scores = firsts.SelectMany(first => first).Select(entry => entry.Score).ToList();
        return scores.Count == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds((long)scores.Min());
    }

    private async Task<IReadOnlyList<Deadline>> ClaimAsync(int shard, long nowMs, int max)
    {
        var payloads = (RedisValue[])(await db.ScriptEvaluateAsync(
            RedisScripts.ClaimDueDeadlines, [keys.Timers(shard), keys.TimerPayloads(shard)], [nowMs, max]))!;
        return payloads
            .Where(payload => !payload.IsNull)
            .Select(payload => JsonSerializer.Deserialize((string)payload!, RedisStoreJson.Default.Deadline)!)
            .ToList();
    }

    private IEnumerable<int> Shards() => Enumerable.Range(0, keys.DeadlineShards);
}
