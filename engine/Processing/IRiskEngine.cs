namespace RiskTriggers.Engine.Processing;

/// <summary>
/// One step at a time: an event through the detectors into the rules, or what fell due at a time. The
/// pipeline drives it; two engines implement it: <see cref="Partitions.KeyedEngine"/> (state in memory, owned
/// by customer partitions: demo, replay, backtest, the embedded host) and <see cref="RiskEngine"/> (state in
/// an <see cref="State.IStateStore"/>: the Redis worker, until the distributed host replaces it).
/// </summary>
public interface IRiskEngine
{
    ValueTask<EngineStep> HandleAsync(Events.InteractionEvent e, CancellationToken ct = default);

    ValueTask<EngineStep> FireDueAsync(DateTimeOffset now, CancellationToken ct = default);
}
