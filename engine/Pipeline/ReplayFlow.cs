namespace RiskTriggers.Engine.Pipeline;

/// <summary>
/// How the stages of a parallel replay hand work on: <see cref="BatchSize"/> moves to a batch, and at most
/// <see cref="Capacity"/> batches waiting in each channel, so the reader runs at most a few batches ahead of
/// the slowest worker and the workers a few ahead of the consumer: memory stays bounded whatever the input.
/// </summary>
internal sealed record ReplayFlow(int BatchSize = 512, int Capacity = 4)
{
    public static ReplayFlow Default { get; } = new();

    /// <summary>Fault injection for tests: called by a worker (its index) before it plays each batch.</summary>
    internal Action<int>? BeforeBatch { get; init; }

    /// <summary>The most moves read but not yet delivered: one batch being filled, and per stage what its channel holds and the one in hand.</summary>
    public int MaxMovesAhead => BatchSize * (2 * Capacity + 3);
}
