namespace RiskTriggers.Engine.State.Redis;

/// <summary>
/// The Lua scripts behind the calls that must be atomic. Every key is passed in KEYS (so Cluster routes the
/// script), and every time is Unix milliseconds of a time the caller passed in. PEXPIRE is garbage collection
/// on the wall clock only; validity always comes from comparing stored scores and values with that time.
/// </summary>
internal static class RedisScripts
{
    /// <summary>
    /// Cooldowns: while the stored "until" lies after now, only its owner passes (and nothing changes); else
    /// stores "UNTIL OWNER". KEYS[1] cooldown; ARGV[1] now, ARGV[2] until, ARGV[3] GC ttl, ARGV[4] owner.
    /// Returns 1 if the caller may alert.
    /// </summary>
    public const string StartCooldown = """
        local held = redis.call('GET', KEYS[1])
        if held then
            local sep = string.find(held, ' ', 1, true)
            local untilMs = tonumber(sep and string.sub(held, 1, sep - 1) or held)
            if untilMs > tonumber(ARGV[1]) then
                if sep and string.sub(held, sep + 1) == ARGV[4] then return 1 end
                return 0
            end
        end
        redis.call('SET', KEYS[1], ARGV[2] .. ' ' .. ARGV[4], 'PX', ARGV[3])
        return 1
        """;

    /// <summary>
    /// Adds an inquiry (once per event id), trims what fell out of the window and returns the rest, oldest first.
    /// KEYS[1] inquiry zset; ARGV[1] at, ARGV[2] event id, ARGV[3] newest score to drop (at - window), ARGV[4] GC ttl.
    /// </summary>
    public const string RecordInquiry = """
        redis.call('ZADD', KEYS[1], 'NX', ARGV[1], ARGV[2])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
        local ids = redis.call('ZRANGE', KEYS[1], 0, -1)
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
        return ids
        """;

    /// <summary>
    /// Unless the event was already processed (its marker holds a time after the event's), merges it into the
    /// interaction hash and returns all of it: the customer is kept from the first event, lastEventAt only moves
    /// forward (fixed-width UTC ticks compare as strings), and the non-empty context fields (ARGV[5..],
    /// field/value pairs, already filtered) overwrite. Returns nil for an event already processed.
    /// KEYS[1] interaction hash, KEYS[2] the event's processed marker; ARGV[1] customer id, ARGV[2] event time
    /// (UTC ticks, 19 digits), ARGV[3] GC ttl, ARGV[4] event time (Unix ms).
    /// </summary>
    public const string TrackInteraction = $$"""
        local processed = redis.call('GET', KEYS[2])
        if processed and tonumber(processed) > tonumber(ARGV[4]) then return false end
        redis.call('HSETNX', KEYS[1], '{{InteractionFields.CustomerId}}', ARGV[1])
        local last = redis.call('HGET', KEYS[1], '{{InteractionFields.LastEventAt}}')
        if not last or ARGV[2] > last then redis.call('HSET', KEYS[1], '{{InteractionFields.LastEventAt}}', ARGV[2]) end
        if #ARGV > 4 then redis.call('HSET', KEYS[1], unpack(ARGV, 5)) end
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return redis.call('HGETALL', KEYS[1])
        """;

    /// <summary>Adds a signal kind and returns all kinds. KEYS[1] signal set; ARGV[1] kind, ARGV[2] GC ttl.</summary>
    public const string RecordSignal = """
        redis.call('SADD', KEYS[1], ARGV[1])
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        return redis.call('SMEMBERS', KEYS[1])
        """;

    /// <summary>
    /// Registers a deadline unless its key is pending (the sorted set is the truth; the payload follows it).
    /// KEYS[1] timers zset, KEYS[2] payload hash; ARGV[1] due, ARGV[2] deadline key, ARGV[3] payload JSON.
    /// </summary>
    public const string ScheduleDeadline = """
        if redis.call('ZADD', KEYS[1], 'NX', ARGV[1], ARGV[2]) == 0 then return 0 end
        redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
        return 1
        """;

    /// <summary>Removes a pending deadline. KEYS[1] timers, KEYS[2] payloads; ARGV[1] deadline key. Returns 1 if pending.</summary>
    public const string CancelDeadline = """
        redis.call('HDEL', KEYS[2], ARGV[1])
        return redis.call('ZREM', KEYS[1], ARGV[1])
        """;

    /// <summary>
    /// Takes up to ARGV[2] deadlines due at or before ARGV[1], earliest first, and returns their payloads: what
    /// one caller takes is gone for every other. KEYS[1] timers, KEYS[2] payloads.
    /// </summary>
    public const string ClaimDueDeadlines = """
        local keys = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
        local payloads = {}
        for i, key in ipairs(keys) do
            redis.call('ZREM', KEYS[1], key)
            payloads[i] = redis.call('HGET', KEYS[2], key)
            redis.call('HDEL', KEYS[2], key)
        end
        return payloads
        """;

    /// <summary>
    /// Stores an alert's JSON and returns 1 while it has not been published to the alert stream yet (new, or a
    /// host died between storing and publishing). KEYS[1] alert hash; ARGV[1] JSON, ARGV[2] GC ttl.
    /// </summary>
    public const string SaveAlert = $$"""
        redis.call('HSET', KEYS[1], '{{AlertFields.Json}}', ARGV[1])
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        return redis.call('HEXISTS', KEYS[1], '{{AlertFields.Published}}') == 0 and 1 or 0
        """;

    /// <summary>
    /// Appends an alert to the alert stream unless it was appended already, and remembers that it was, in one
    /// step: a host killed between two calls can no longer publish an alert twice (seen in the worker crash test).
    /// KEYS[1] alert stream, KEYS[2] published ids (sorted set by raise time, same Cluster slot as the stream);
    /// ARGV[1] alert id, ARGV[2] JSON, ARGV[3] stream max length, ARGV[4] raised at (Unix ms), ARGV[5] retention
    /// (ms). Returns the entry id, or false when it was already published.
    /// </summary>
    public const string PublishAlert = $$"""
        if redis.call('ZSCORE', KEYS[2], ARGV[1]) then return false end
        local entry = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[3], '*', '{{StreamFields.AlertId}}', ARGV[1], '{{StreamFields.Alert}}', ARGV[2])
        redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
        redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. (tonumber(ARGV[4]) - tonumber(ARGV[5])))
        return entry
        """;

    /// <summary>
    /// Stores settings version ARGV[2] if the version in force is still ARGV[1] (else returns 0 and the caller
    /// diffs against the newer version and tries again), makes it current and announces it on channel ARGV[3].
    /// KEYS[1] current version, KEYS[2] the new version's hash; ARGV[4..] its field/value pairs. Returns 1 if stored.
    /// </summary>
    public const string SaveSettingsVersion = """
        local current = tonumber(redis.call('GET', KEYS[1]) or '0')
        if current ~= tonumber(ARGV[1]) or redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
        redis.call('HSET', KEYS[2], unpack(ARGV, 4))
        redis.call('SET', KEYS[1], ARGV[2])
        redis.call('PUBLISH', ARGV[3], ARGV[2])
        return 1
        """;
}
