namespace RiskTriggers.Host.Cluster;

/// <summary>
/// Every silo calls every partition's grain every <see cref="Every"/>: Orleans activates the ones that have no owner
/// (never started, or their silo died, or their owner stopped after a failed write) on some live silo.
/// </summary>
internal sealed partial class PartitionKeeper(IGrainFactory grains, PartitionEngines partitions, TimeProvider time, ILogger<PartitionKeeper> logger)
    : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.WhenAll(Enumerable.Range(0, partitions.Count).Select(OwnAsync));
            try
            {
                await Task.Delay(Every, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task OwnAsync(int partition)
    {
        try
        {
            await grains.GetGrain<IPartitionGrain>(partition).Own();
        }
        catch (Exception ex)
        {
            LogOwnFailed(partition, ex.Message); // tried again next round, likely on another silo
        }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Debug, Message = "Partition {Partition} has no owner yet: {Reason}")]
    private partial void LogOwnFailed(int partition, string reason);
}
