using Microsoft.Extensions.Options;
using RiskTriggers.Engine.Partitions;
using RiskTriggers.Engine.Processing;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Host.Hosting;
using RiskTriggers.Host.Streams;
using RiskTriggers.Rules;

namespace RiskTriggers.Host.Cluster;

/// <summary>
/// Makes the empty partition a new owner starts from. Partitions are the keyed engine's, one per ingestion stream,
/// so a customer's stream (<see cref="Engine.State.Redis.StableHash"/> of the customer id) and partition agree.
/// </summary>
internal sealed class PartitionEngines(ISettingsSource settings, IOptions<RedisOptions> redis, IServiceProvider services)
{
    private readonly Rules.Models.ModelChoice _model = RiskTriggersServices.ModelOf(services);

    public int Count => redis.Value.Shards;

    /// <summary>A fresh partition, tracking changed customers for the owner to persist.</summary>
    public CustomerPartition Create(int partition) =>
        DefaultEngine.Create(settings, new EngineOptions { Partitions = Count, TrackChanges = true }, _model).Partitions[partition];
}
