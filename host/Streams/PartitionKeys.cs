using StackExchange.Redis;

namespace RiskTriggers.Host.Streams;

/// <summary>
/// A partition's keys, written once. They share the hash tag <c>{p:N}</c>, so the commit of a batch touches one
/// Redis Cluster slot apart from the alert stream (see docs/operations.md).
/// </summary>
internal sealed class PartitionKeys(string prefix, int partition)
{
    /// <summary>String: the current owner's epoch, raised by every new owner; a write with another epoch is refused.</summary>
    public RedisKey Epoch => $"{prefix}{{p:{partition}}}:epoch";

    /// <summary>Hash: <c>cursor</c> (where reading resumes) and <c>watermark</c> (event time reached, Unix ms).</summary>
    public RedisKey Position => $"{prefix}{{p:{partition}}}:position";

    /// <summary>Hash: customer id → the customer's snapshot.</summary>
    public RedisKey Customers => $"{prefix}{{p:{partition}}}:customers";

    /// <summary>Sorted set: customer id by their earliest timer (Unix ms), for loading them before it falls due.</summary>
    public RedisKey Due => $"{prefix}{{p:{partition}}}:due";

    /// <summary>The partition's ingestion stream, <c>rt:events:N</c>, the name platforms publish to.</summary>
    public RedisKey Events => $"{prefix}events:{partition}";

    /// <summary>The stream of new alerts, <c>rt:alerts</c> (fields <c>alertId</c>, <c>alert</c>).</summary>
    public RedisKey Alerts => $"{prefix}alerts";

    /// <summary>The stream of escalations, <c>rt:escalations</c> (fields <c>alertId</c>, <c>escalatedAt</c>): ack timeouts that ran out.</summary>
    public RedisKey Escalations => $"{prefix}escalations";
}
