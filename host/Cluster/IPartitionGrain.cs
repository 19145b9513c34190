namespace RiskTriggers.Host.Cluster;

/// <summary>
/// The owner of one customer partition, cluster-wide (the grain's integer key is the partition number). Orleans keeps
/// one activation; every silo calls <see cref="Own"/> on every partition, so a dead silo's partitions come back on the
/// survivors.
/// </summary>
public interface IPartitionGrain : IGrainWithIntegerKey
{
    /// <summary>Makes sure the partition has a running owner; what it has done so far.</summary>
    Task<PartitionStatus> Own();

    /// <summary>An alert was answered: its ack timeout stops, committed with the owner's epoch. True if it was still waiting.</summary>
    Task<bool> Acknowledge(string customerId, string alertId);
}

/// <summary>An owner's state, for operators and tests.</summary>
[GenerateSerializer]
public sealed record PartitionStatus(
    [property: Id(0)] int Partition,
    [property: Id(1)] long Epoch,
    [property: Id(2)] string Cursor,
    [property: Id(3)] DateTimeOffset Watermark,
    [property: Id(4)] int Customers,
    [property: Id(5)] int HeldEvents,
    [property: Id(6)] string Silo,
    [property: Id(7)] string ReadTo);
