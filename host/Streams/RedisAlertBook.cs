using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using RiskTriggers.Host.Alerts;
using RiskTriggers.Host.Delivery;
using StackExchange.Redis;

namespace RiskTriggers.Host.Streams;

/// <summary>
/// The alert book in Redis, one for every host (<see cref="RedisAlertBookKeys"/> has the layout). The lifecycle
/// stays in <see cref="AlertRecord"/>: a change reads the record, applies the domain method and writes it back only
/// if nobody changed it meanwhile (compare-and-set in one script), else reads again. So two hosts never both
/// acknowledge or escalate an alert. Bounded like the embedded book: past <c>capacity</c> the oldest resolved
/// alerts go first, then the oldest of all.
/// Every change is also appended, in the same script, to the book's change stream (<see cref="RedisAlertBookKeys.Changes"/>):
/// Redis runs scripts one at a time, so that stream holds each change once, in the order the book took them, and is
/// what every host's live clients and the webhook outbox follow (<see cref="BookChange"/>).
/// </summary>
internal sealed class RedisAlertBook(IConnectionMultiplexer redis, RedisAlertBookKeys keys, int capacity) : IAlertBook
{
    private const int MaxAttempts = 16;
    private readonly RedisAlertBookView _view = new(redis, keys, Deserialize);

    /// <summary>
    /// Approximate cap of the change stream: four changes per alert the book keeps (raised, acknowledged, escalated,
    /// resolved), so its memory follows the book's own. A host or the webhook outbox further behind misses the oldest.
    /// </summary>
    public int ChangesKept => 4 * capacity;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    // KEYS: records, arrival, resolved, changes, evictions. ARGV: id, json, received ms, capacity, host, changes kept.
    // Returns -1 for an id already kept, else the alerts evicted while still open.
    private const string AddScript = """
        if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return -1 end
        redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[6], '*', 'alertId', ARGV[1], 'change', 'raised', 'record', ARGV[2], 'host', ARGV[5])
        redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
        local evictedOpen = 0
        while redis.call('HLEN', KEYS[1]) > tonumber(ARGV[4]) do
          local id = redis.call('ZPOPMIN', KEYS[3])[1]
          if not id then
            id = redis.call('ZRANGE', KEYS[2], 0, 0)[1]
            evictedOpen = evictedOpen + 1
          end
          redis.call('HDEL', KEYS[1], id)
          redis.call('ZREM', KEYS[2], id)
          redis.call('XADD', KEYS[5], 'MAXLEN', '~', ARGV[4], '*', 'alertId', id)
        end
        return evictedOpen
        """;

    // KEYS: records, resolved, changes. ARGV: id, expected json, new json, resolved ms or '', change, host, changes kept.
    // Escalation is the owning partition's deadline (rt:escalations), so the book keeps no ack deadlines of its own.
    private const string ChangeScript = """
        if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
        redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[7], '*', 'alertId', ARGV[1], 'change', ARGV[5], 'record', ARGV[3], 'host', ARGV[6])
        if ARGV[4] ~= '' then redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1]) end
        return 1
        """;

    private int _open;

    /// <summary>This host's mark on the changes it makes (one book per host process), so it knows its own in the stream.</summary>
    public string Host { get; } = Guid.NewGuid().ToString("N");

    public bool RecordsChanges => true;

    public int OpenCount => Volatile.Read(ref _open);

    /// <summary>Whole reads of the book for lists (the first list, and after falling far behind): the rest catch up.</summary>
    public int ListLoads => _view.Loads;

    /// <summary>Alerts evicted while still open because the book was full of unresolved alerts (by this host).</summary>
    public long EvictedOpen { get; private set; }

    private IDatabase Db => redis.GetDatabase();

    public async ValueTask<bool> AddAsync(AlertRecord record, CancellationToken ct = default)
    {
        var result = (long)await Db.ScriptEvaluateAsync(AddScript, [keys.Records, keys.Arrival, keys.Resolved, keys.Changes, keys.Evictions],
            [record.AlertId, Serialize(record), record.ReceivedAt.ToUnixTimeMilliseconds(), capacity, Host, ChangesKept]);
        if (result < 0)
            return false;
        EvictedOpen += result;
        await CountOpenAsync();
        return true;
    }

    public async ValueTask<AlertRecord?> GetAsync(string alertId, CancellationToken ct = default) =>
        await Db.HashGetAsync(keys.Records, alertId) is { HasValue: true } json ? Deserialize(json!) : null;

    public async ValueTask<IReadOnlyList<AlertRecord>> ListAsync(AlertQuery query, CancellationToken ct = default)
    {
        var found = await _view.ListAsync(query);
        // A list sees the whole book, so the gauge is right again after a restart without a change first.
        Volatile.Write(ref _open, _view.OpenCount);
        return found;
    }

    public ValueTask<AlertChange> AcknowledgeAsync(string alertId, string by, DateTimeOffset now, CancellationToken ct = default) =>
        ChangeAsync(alertId, AlertNotice.Acknowledged, record => AlertChange.Acknowledge(record, by, now));

    public ValueTask<AlertChange> ResolveAsync(
        string alertId, string by, AlertOutcome outcome, string? note, DateTimeOffset now, CancellationToken ct = default) =>
        ChangeAsync(alertId, AlertNotice.Resolved, record => AlertChange.Resolve(record, by, outcome, note, now));

    public ValueTask<AlertChange> EscalateAsync(string alertId, DateTimeOffset at, CancellationToken ct = default) =>
        ChangeAsync(alertId, AlertNotice.Escalated, record => AlertChange.Escalate(record, at));

    /// <summary>Read, change in the domain, write back if still as read; another host's change in between means read again.</summary>
    private async ValueTask<AlertChange> ChangeAsync(string alertId, string what, Func<AlertRecord, AlertChange> change)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var json = await Db.HashGetAsync(keys.Records, alertId);
            if (!json.HasValue)
                return AlertChange.NotFound;
            var result = change(Deserialize(json!));
            if (result.Outcome != AlertChangeOutcome.Changed)
                return result;
            var resolvedAt = result.Record!.Resolution?.At.ToUnixTimeMilliseconds().ToString() ?? "";
            if ((long)await Db.ScriptEvaluateAsync(ChangeScript, [keys.Records, keys.Resolved, keys.Changes],
                    [alertId, json, Serialize(result.Record), resolvedAt, what, Host, ChangesKept]) == 1)
            {
                await CountOpenAsync();
                return result;
            }
        }
        throw new InvalidOperationException($"alert {alertId} kept changing under {MaxAttempts} attempts to change it");
    }

    private async Task CountOpenAsync()
    {
        var batch = Db.CreateBatch();
        var total = batch.HashLengthAsync(keys.Records);
        var resolved = batch.SortedSetLengthAsync(keys.Resolved);
        batch.Execute();
        Volatile.Write(ref _open, (int)(await total - await resolved));
    }

    private static string Serialize(AlertRecord record) => JsonSerializer.Serialize(record, Json);

    /// <summary>An entry of the change stream as the book wrote it; null for one it did not (written by hand, say).</summary>
    public static BookChange? ReadChange(StreamEntry entry)
    {
        if (entry["alertId"] is not { HasValue: true } id || entry["change"] is not { HasValue: true } change || entry["record"] is not { HasValue: true } json)
            return null;
        try
        {
            return new((string)entry.Id!, (string)id!, (string)change!, Deserialize((string)json!), (string?)entry["host"] ?? "");
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException)
        {
            return null;
        }
    }

    private static AlertRecord Deserialize(string json) =>
        JsonSerializer.Deserialize<AlertRecord>(json, Json) ?? throw new InvalidDataException("an alert record in Redis is null");
}

/// <summary>
/// The alert book's keys, written once. All share the hash tag <c>{book}</c>, so each script touches one slot on a
/// Redis Cluster (the book is small: <c>AlertCapacity</c> records).
/// </summary>
internal sealed class RedisAlertBookKeys(string prefix)
{
    /// <summary>Hash: alert id → the alert record's JSON (alert, evidence, lifecycle, history).</summary>
    public RedisKey Records => $"{prefix}{{book}}:alerts";

    /// <summary>Sorted set: every kept id by the time the host received it (Unix ms): the eviction order of last resort.</summary>
    public RedisKey Arrival => $"{prefix}{{book}}:arrival";

    /// <summary>Sorted set: resolved ids by resolution time (Unix ms): evicted first, oldest first.</summary>
    public RedisKey Resolved => $"{prefix}{{book}}:resolved";

    /// <summary>
    /// Stream: every change of the book in the order it took them (<c>alertId</c>, <c>change</c>, <c>record</c> JSON,
    /// <c>host</c>), about four per alert the book keeps (<see cref="RedisAlertBook.ChangesKept"/>). Followed by every
    /// host for its live clients, and by the consumer group <see cref="WebhookGroup"/>: the webhook outbox.
    /// </summary>
    public RedisKey Changes => $"{prefix}{{book}}:changes";

    /// <summary>
    /// Stream: the ids the book evicted past its capacity (<c>alertId</c>), capped at about that capacity; with
    /// <see cref="Changes"/> what each host's copy for lists (<see cref="RedisAlertBookView"/>) catches up from.
    /// </summary>
    public RedisKey Evictions => $"{prefix}{{book}}:evictions";

    /// <summary>The consumer group on <see cref="Changes"/> from which any host posts webhooks.</summary>
    public const string WebhookGroup = "webhooks";
}

/// <summary>One change of the book from its change stream: which alert, what happened, the record after it, and which host made it.</summary>
internal sealed record BookChange(string EntryId, string AlertId, string Change, AlertRecord Record, string Host);
