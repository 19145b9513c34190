using Microsoft.Extensions.Options;
using RiskTriggers.Host.Alerts;
using RiskTriggers.Host.Streams;

namespace RiskTriggers.Host.Cluster;

/// <summary>With Redis: an answered alert is told to the grain that owns its customer's partition, wherever it runs.</summary>
internal sealed class PartitionAcknowledgements(SiloHost silo, IOptions<RedisOptions> redis) : IAlertAcknowledgements
{
    public async ValueTask AcknowledgeAsync(string customerId, string alertId, CancellationToken ct)
    {
        var grains = (silo.Services ?? throw new InvalidOperationException("the silo has not started")).GetRequiredService<IGrainFactory>();
        await grains.GetGrain<IPartitionGrain>(Engine.State.Redis.StableHash.ShardOf(customerId, redis.Value.Shards)).Acknowledge(customerId, alertId).WaitAsync(ct);
    }
}
