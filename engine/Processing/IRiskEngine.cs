namespace RiskTriggers.Engine.Processing;

/// <summary>
/// One step at a time: an event through the detectors into the rules, or what fell due at a time. The Rx
/// pipeline drives it on a scheduler (replay, backtest, explain, shadow runs); <see cref="Partitions.KeyedEngine"/>
/// implements it. Hosts drive the partitions directly, one owner each (the embedded engine, the partition grains).
/// </summary>
public interface IRiskEngine
{
    ValueTask<EngineStep> HandleAsync(Events.InteractionEvent e, CancellationToken ct = default);

    ValueTask<EngineStep> FireDueAsync(DateTimeOffset now, CancellationToken ct = default);
}
