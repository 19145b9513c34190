using StackExchange.Redis;

namespace RiskTriggers.Engine.State.Redis;

/// <summary>
/// The names platforms see in Redis, written once: the ingestion, alert and dead-letter streams and the settings
/// history. Public so that hosts and tools name them the same way.
/// </summary>
public sealed class RedisKeys(string prefix)
{
    /// <summary>Stream of new alerts, for platforms with plain Redis clients.</summary>
    public RedisKey Alerts => $"{prefix}alerts";

    /// <summary>Stream of rejected events.</summary>
    public RedisKey DeadLetters => $"{prefix}dlq";

    /// <summary>
    /// Ingestion stream number <paramref name="shard"/>; an event goes to shard
    /// <c>StableHash.ShardOf(customerId, shards)</c>, so one customer's events (and so one interaction's) stay in one
    /// stream, in order.
    /// </summary>
    public RedisKey Events(int shard) => $"{prefix}events:{shard}";

    /// <summary>
    /// String holding the settings version in force. The hash tag puts it in one Cluster slot with every
    /// <see cref="SettingsVersion"/>, so a save bumps the version and writes the document in one script.
    /// </summary>
    public RedisKey SettingsCurrent => $"{prefix}{{settings}}";

    /// <summary>Hash of one settings version: its document and audit record.</summary>
    public RedisKey SettingsVersion(int version) => $"{prefix}{{settings}}:v{version}";

    /// <summary>Pub/sub channel announcing each new settings version (the message is the version number).</summary>
    public RedisChannel SettingsChanged => RedisChannel.Literal($"{prefix}settings:changed");
}

/// <summary>Entry fields of the ingestion, alert and dead-letter streams.</summary>
public static class StreamFields
{
    /// <summary>An ingestion entry's event, as the JSON of DESIGN.md.</summary>
    public const string Event = "event";

    public const string AlertId = "alertId";
    public const string Alert = "alert";

    /// <summary>An <c>rt:escalations</c> entry's time: when the alert's ack timeout ran out (it escalates), ISO 8601.</summary>
    public const string EscalatedAt = "escalatedAt";
    public const string Rejection = "rejection";
}
