using System.Reactive.Concurrency;
using System.Reactive.Subjects;
using RiskTriggers.Engine.Processing;

namespace RiskTriggers.Engine.Pipeline;

/// <summary>
/// One virtual clock and the pipelines of the engines on it (<see cref="RiskPipeline"/>: each with its own
/// deadline alarm), played by <see cref="ReplayMoves"/>. A sequential replay has one over whole engines; a
/// parallel one, one per worker over that worker's block of partitions.
/// </summary>
internal sealed class ReplayClock : IDisposable
{
    private readonly HistoricalScheduler _scheduler;
    private readonly Subject<Events.InteractionEvent> _source = new();
    private readonly List<IDisposable> _subscriptions = [];

    /// <param name="start">The first event's time: deadlines that fell due before it fire at the first advance.</param>
    public ReplayClock(DateTimeOffset start, IReadOnlyList<IRiskEngine> engines, Action<int, EngineStep> onStep)
    {
        _scheduler = new HistoricalScheduler(start);
        for (var i = 0; i < engines.Count; i++)
        {
            var index = i;
            _subscriptions.Add(_source.Process(engines[i], _scheduler).Subscribe(step => onStep(index, step)));
        }
    }

    public void Play(in ReplayMove move)
    {
        if (move.Event is { } e)
            _source.OnNext(e);
        else if (move.At > _scheduler.Now)
            _scheduler.AdvanceTo(move.At);
    }

    public void Complete() => _source.OnCompleted();

    public void Dispose()
    {
        _subscriptions.ForEach(s => s.Dispose());
        _source.Dispose();
    }
}
