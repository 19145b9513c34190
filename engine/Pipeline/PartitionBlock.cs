using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Partitions;
using RiskTriggers.Engine.Processing;

namespace RiskTriggers.Engine.Pipeline;

/// <summary>
/// A contiguous block of a keyed engine's partitions as an engine of its own, for the replay worker that owns
/// them: it is given only the events of its customers, and fires only its partitions' deadlines.
/// </summary>
internal sealed class PartitionBlock(KeyedEngine engine, int first, int count) : IRiskEngine
{
    public int First => first;

    public int Count => count;

    /// <summary>The engine's partitions split into <paramref name="blocks"/> contiguous blocks, as even as can be.</summary>
    public static PartitionBlock[] Split(KeyedEngine engine, int blocks)
    {
        var partitions = engine.Partitions.Count;
        return [.. Enumerable.Range(0, blocks).Select(b =>
        {
            var from = b * partitions / blocks;
            return new PartitionBlock(engine, from, (b + 1) * partitions / blocks - from);
        })];
    }

    public ValueTask<EngineStep> HandleAsync(InteractionEvent e, CancellationToken ct = default) => engine.HandleAsync(e, ct);

    public ValueTask<EngineStep> FireDueAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        var partitions = engine.Partitions;
        for (var i = first; i < first + count; i++)
            partitions[i].Gate.Enter();
        try
        {
            return new(engine.FireDue(now, first, count));
        }
        finally
        {
            for (var i = first; i < first + count; i++)
                partitions[i].Gate.Exit();
        }
    }
}
