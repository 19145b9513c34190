using StackExchange.Redis;

namespace RiskTriggers.Engine.State.Redis;

/// <summary>
/// The key layout of DESIGN.md, written once. Keys of one interaction (<c>{ix:ID}</c>), one customer
/// (<c>{cu:ID}</c>) or one deadline shard (<c>{timers:N}</c>) share a hash tag, so the scripts that touch
/// several of them stay in one Redis Cluster slot. Public so that hosts and tools name the streams the same way.
/// </summary>
public sealed class RedisKeys(string prefix, int deadlineShards = 1)
{
    public int DeadlineShards => deadlineShards;

    /// <summary>Hash of the interaction's context (<see cref="InteractionFields"/>).</summary>
    public RedisKey Interaction(string interactionId) => $"{prefix}{{ix:{interactionId}}}";

    /// <summary>Set of the signal kinds seen in the interaction.</summary>
    public RedisKey Signals(string interactionId) => $"{prefix}{{ix:{interactionId}}}:signals";

    public RedisKey Conversation(string interactionId) => $"{prefix}{{ix:{interactionId}}}:conversation";

    /// <summary>Sorted set of inquiry event ids scored by time (Unix ms).</summary>
    public RedisKey Inquiries(string customerId, string topic) => $"{prefix}{{cu:{customerId}}}:inq:{topic}";

    /// <summary>Sorted set of pending deadline keys scored by due time (Unix ms).</summary>
    public RedisKey Timers(int shard) => $"{prefix}{{timers:{shard}}}";

    /// <summary>Hash of deadline key to the deadline's JSON, beside <see cref="Timers"/>.</summary>
    public RedisKey TimerPayloads(int shard) => $"{prefix}{{timers:{shard}}}:due";

    /// <summary>
    /// String holding until when (Unix ms) an event counts as processed. In its interaction's hash tag, so the
    /// duplicate check runs in the same script as the interaction update.
    /// </summary>
    public RedisKey ProcessedEvent(string interactionId, string eventId) => $"{prefix}{{ix:{interactionId}}}:seen:{eventId}";

    /// <summary>String holding until when (Unix ms) a cooldown runs and the alert that owns it: "UNTIL OWNER".</summary>
    public RedisKey Cooldown(string key) => $"{prefix}cooldown:{key}";

    /// <summary>Hash of an alert (<see cref="AlertFields"/>).</summary>
    public RedisKey Alert(string alertId) => $"{prefix}alert:{alertId}";

    /// <summary>Stream of new alerts, for platforms with plain Redis clients.</summary>
    public RedisKey Alerts => $"{prefix}alerts";

    /// <summary>
    /// Ids already appended to <see cref="Alerts"/> (sorted set by raise time). Its hash tag is the stream's
    /// whole name (a prefix may not carry braces), so both are in one Cluster slot and one script can check and append.
    /// </summary>
    public RedisKey PublishedAlerts => $"{{{prefix}alerts}}:published";

    /// <summary>Stream of rejected events.</summary>
    public RedisKey DeadLetters => $"{prefix}dlq";

    /// <summary>
    /// Ingestion stream number <paramref name="shard"/>; an event goes to shard
    /// <c>StableHash.ShardOf(interactionId, shards)</c>, so one interaction's events stay in one stream, in order.
    /// </summary>
    public RedisKey Events(int shard) => $"{prefix}events:{shard}";

    /// <summary>
    /// String holding the settings version in force. The hash tag puts it in one Cluster slot with every
    /// <see cref="SettingsVersion"/>, so a save bumps the version and writes the document in one script.
    /// </summary>
    public RedisKey SettingsCurrent => $"{prefix}{{settings}}";

    /// <summary>Hash of one settings version: its document and audit record (<see cref="SettingsFields"/>).</summary>
    public RedisKey SettingsVersion(int version) => $"{prefix}{{settings}}:v{version}";

    /// <summary>Pub/sub channel announcing each new settings version (the message is the version number).</summary>
    public RedisChannel SettingsChanged => RedisChannel.Literal($"{prefix}settings:changed");

    /// <summary>The shard of a deadline: a stable hash of its key (the same on every host and run).</summary>
    public int ShardOf(string deadlineKey) => StableHash.ShardOf(deadlineKey, deadlineShards);
}

/// <summary>Field names of the interaction hash.</summary>
internal static class InteractionFields
{
    public const string CustomerId = "customerId";
    public const string Channel = "channel";
    public const string Queue = "queue";
    public const string AgentId = "agentId";
    public const string CustomerTier = "customerTier";
    public const string LastEventAt = "lastEventAt";
}

/// <summary>Fields of the alert hash: its JSON, and the alert stream entry id once it was published.</summary>
internal static class AlertFields
{
    public const string Json = "json";
    public const string Published = "published";
}

/// <summary>Fields of a settings version hash.</summary>
internal static class SettingsFields
{
    public const string Document = "document";
    public const string Author = "author";
    public const string At = "at";
    public const string Comment = "comment";
    public const string Changes = "changes";
    public const string RollbackOf = "rollbackOf";
}

/// <summary>Entry fields of the ingestion, alert and dead-letter streams.</summary>
public static class StreamFields
{
    /// <summary>An ingestion entry's event, as the JSON of DESIGN.md.</summary>
    public const string Event = "event";

    public const string AlertId = "alertId";
    public const string Alert = "alert";

    /// <summary>An <c>rt:alerts</c> entry for an alert whose ack timeout ran out (it escalates): when, ISO 8601; no <see cref="Alert"/> field.</summary>
    public const string EscalatedAt = "escalatedAt";
    public const string Rejection = "rejection";
}
