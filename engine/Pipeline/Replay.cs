using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Partitions;
using RiskTriggers.Engine.Processing;

namespace RiskTriggers.Engine.Pipeline;

/// <summary>
/// Runs recorded events through the live pipeline on a virtual clock that jumps to each event's timestamp,
/// so a day of events takes seconds and every deadline fires at its true time, before later events.
/// Keyed engines replay on several threads, partitions in parallel (<see cref="ParallelReplay"/>), with the
/// same steps' contents in the same order as on one; <c>onStep</c> is always called on the calling thread.
/// Needs an engine whose steps complete synchronously (the keyed engine) to stay deterministic.
/// </summary>
public static class Replay
{
    /// <summary>Default time the clock runs on after the last event, so pending deadlines still fire.</summary>
    public static readonly TimeSpan DefaultDrain = TimeSpan.FromDays(1);

    /// <summary>Partition workers when none are asked for: one per core (never more than the partitions).</summary>
    public static int DefaultThreads => Environment.ProcessorCount;

    /// <param name="threads">Partition workers, at most one per partition; 1 replays on the calling thread. Default <see cref="DefaultThreads"/>.</param>
    public static void Run(IEnumerable<InteractionEvent> events, IRiskEngine engine, Action<EngineStep> onStep, TimeSpan? drain = null, int? threads = null)
    {
        ArgumentNullException.ThrowIfNull(onStep);
        Run(events, [engine], (_, step) => onStep(step), drain, threads);
    }

    /// <summary>
    /// The same events through several engines side by side, in one pass over them and on one clock, as a shadow
    /// runs beside the live engine; <paramref name="onStep"/> gets each step with the index of its engine.
    /// </summary>
    public static void Run(IEnumerable<InteractionEvent> events, IReadOnlyList<IRiskEngine> engines, Action<int, EngineStep> onStep, TimeSpan? drain = null, int? threads = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(engines);
        ArgumentNullException.ThrowIfNull(onStep);
        var span = drain ?? DefaultDrain;
        ArgumentOutOfRangeException.ThrowIfLessThan(span, TimeSpan.Zero, nameof(drain));
        if (threads is { } asked)
            ArgumentOutOfRangeException.ThrowIfLessThan(asked, 1, nameof(threads));
        var workers = WorkersFor(engines, threads ?? DefaultThreads, out var keyed);
        if (workers > 1)
            new ParallelReplay(keyed, workers, ReplayFlow.Default).Run(events, span, onStep);
        else
            RunHere(events, engines, span, onStep);
    }

    /// <summary>The sequential replay: one clock for whole engines, on the calling thread.</summary>
    private static void RunHere(IEnumerable<InteractionEvent> events, IReadOnlyList<IRiskEngine> engines, TimeSpan drain, Action<int, EngineStep> onStep)
    {
        ReplayClock? clock = null;
        try
        {
            foreach (var move in ReplayMoves.Of(events, drain))
            {
                clock ??= new ReplayClock(move.At, engines, onStep);
                clock.Play(move);
            }
            clock?.Complete();
        }
        finally
        {
            clock?.Dispose();
        }
    }

    /// <summary>Workers for a parallel run: only keyed engines of one partition count split into blocks; anything else runs on one.</summary>
    private static int WorkersFor(IReadOnlyList<IRiskEngine> engines, int threads, out KeyedEngine[] keyed)
    {
        KeyedEngine[] all = [.. engines.OfType<KeyedEngine>()];
        keyed = all;
        if (threads == 1 || all.Length == 0 || all.Length != engines.Count || all.Any(e => e.Partitions.Count != all[0].Partitions.Count))
            return 1;
        return Math.Min(threads, all[0].Partitions.Count);
    }
}
