using RiskTriggers.Host.Alerts;
using StackExchange.Redis;

namespace RiskTriggers.Host.Streams;

/// <summary>
/// This host's copy of the Redis alert book, for lists: loaded once, then caught up before each list with the
/// book's changes and evictions since it last looked, in one script. So a list costs a round trip with what changed
/// (usually nothing or a few records), not the whole book (up to <c>AlertCapacity</c> records) read and parsed
/// again, and still sees every change any host made before it (read your writes, and everyone else's).
/// A copy that fell behind the streams' trimming loads the book again.
/// </summary>
internal sealed class RedisAlertBookView(IConnectionMultiplexer redis, RedisAlertBookKeys keys, Func<string, AlertRecord> read)
{
    private const int CatchUpBatch = 1000;

    // Per stream: how many entries were ever added to it and the id of the last one (0 and 0-0 for none), so a copy
    // can tell whether trimming took entries it has not seen.
    private const string Position = """
        local function position(key)
          if redis.call('EXISTS', key) == 0 then return { 0, '0-0' } end
          local info, added, last = redis.call('XINFO', 'STREAM', key), 0, '0-0'
          for i = 1, #info, 2 do
            if info[i] == 'entries-added' then added = info[i + 1] elseif info[i] == 'last-generated-id' then last = info[i + 1] end
          end
          return { added, last }
        end
        """;

    // KEYS: records, changes, evictions. Returns each stream's position and every record.
    private const string LoadScript = Position + "\n" + """
        return { position(KEYS[2]), position(KEYS[3]), redis.call('HVALS', KEYS[1]) }
        """;

    // KEYS: records, changes, evictions. ARGV: changes cursor, evictions cursor, batch. Returns per stream its position
    // and the entries after the cursor; for the evicted ids their record now (an id evicted, then raised again, is in
    // the book again), false where gone.
    private const string CatchUpScript = Position + "\n" + """
        local changes = redis.call('XRANGE', KEYS[2], '(' .. ARGV[1], '+', 'COUNT', ARGV[3])
        local evictions = redis.call('XRANGE', KEYS[3], '(' .. ARGV[2], '+', 'COUNT', ARGV[3])
        local ids, now = {}, {}
        for i, e in ipairs(evictions) do ids[i] = e[2][2] end
        if #ids > 0 then now = redis.call('HMGET', KEYS[1], unpack(ids)) end
        return { position(KEYS[2]), changes, position(KEYS[3]), evictions, now }
        """;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, AlertRecord> _records = new(StringComparer.Ordinal);
    private StreamCursor? _changes;
    private StreamCursor _evictions;

    /// <summary>How many times the whole book was read (the first list, and after falling behind the trimming).</summary>
    public int Loads { get; private set; }

    /// <summary>The book as it is now: caught up first, then the query applied to this host's copy.</summary>
    public async Task<IReadOnlyList<AlertRecord>> ListAsync(AlertQuery query)
    {
        await _gate.WaitAsync();
        try
        {
            await CatchUpAsync();
            OpenCount = _records.Values.Count(r => r.Status != AlertStatus.Resolved);
            return query.Apply(_records.Values);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Open (not resolved) alerts in the copy, as of the last list.</summary>
    public int OpenCount { get; private set; }

    private async Task CatchUpAsync()
    {
        if (_changes is not { } changesAt)
        {
            await LoadAsync();
            return;
        }
        while (true)
        {
            var result = (RedisResult[])(await Db.ScriptEvaluateAsync(CatchUpScript, [keys.Records, keys.Changes, keys.Evictions],
                [changesAt.LastId, _evictions.LastId, CatchUpBatch]))!;
            var changes = (RedisResult[])result[1]!;
            var evictions = (RedisResult[])result[3]!;
            if (changesAt.Missed(result[0], changes.Length, CatchUpBatch) || _evictions.Missed(result[2], evictions.Length, CatchUpBatch))
            {
                await LoadAsync();
                return;
            }
            Apply(changes, evictions, (RedisResult[])result[4]!);
            if (changes.Length < CatchUpBatch && evictions.Length < CatchUpBatch)
                return;
            changesAt = _changes.Value;
        }
    }

    private void Apply(RedisResult[] changes, RedisResult[] evictions, RedisResult[] evictedNow)
    {
        foreach (var entry in changes)
        {
            var (id, fields) = Entry(entry);
            if (Field(fields, "record") is { } json)
            {
                var record = read(json);
                _records[record.AlertId] = record;
            }
            _changes = _changes!.Value.Past(id);
        }
        for (var i = 0; i < evictions.Length; i++)
        {
            var (id, fields) = Entry(evictions[i]);
            var alertId = Field(fields, "alertId")!;
            if (evictedNow[i].IsNull)
                _records.Remove(alertId);
            else
                _records[alertId] = read((string)evictedNow[i]!);
            _evictions = _evictions.Past(id);
        }
    }

    private async Task LoadAsync()
    {
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(LoadScript, [keys.Records, keys.Changes, keys.Evictions]))!;
        _records.Clear();
        foreach (var json in (RedisResult[])result[2]!)
        {
            var record = read((string)json!);
            _records[record.AlertId] = record;
        }
        _changes = StreamCursor.At(result[0]);
        _evictions = StreamCursor.At(result[1]);
        Loads++;
    }

    private static (string Id, RedisResult[] Fields) Entry(RedisResult entry)
    {
        var parts = (RedisResult[])entry!;
        return ((string)parts[0]!, (RedisResult[])parts[1]!);
    }

    private static string? Field(RedisResult[] fields, string name)
    {
        for (var i = 0; i + 1 < fields.Length; i += 2)
        {
            if ((string?)fields[i] == name)
                return (string?)fields[i + 1];
        }
        return null;
    }

    private IDatabase Db => redis.GetDatabase();

    /// <summary>Where the copy stands in a stream: the last entry it applied, and how many entries had been added up to it.</summary>
    private readonly record struct StreamCursor(string LastId, long Seen)
    {
        public static StreamCursor At(RedisResult position)
        {
            var parts = (RedisResult[])position!;
            return new((string)parts[1]!, (long)parts[0]);
        }

        public StreamCursor Past(string id) => new(id, Seen + 1);

        /// <summary>
        /// True when trimming took entries after this cursor: fewer came back than were added since (up to the batch).
        /// </summary>
        public bool Missed(RedisResult position, int returned, int batch)
        {
            var added = (long)((RedisResult[])position!)[0] - Seen;
            return added < 0 || returned < Math.Min(added, batch); // fewer than seen: the stream was deleted and began again
        }
    }
}
