using System.Reactive.Concurrency;
using System.Reactive.Subjects;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Processing;

namespace RiskTriggers.Engine.Pipeline;

/// <summary>
/// Runs recorded events through the live pipeline on a virtual clock that jumps to each event's timestamp,
/// so a day of events takes seconds and every deadline fires at its true time, before later events.
/// Needs a store whose calls complete synchronously (the embedded store) to stay deterministic.
/// </summary>
public static class Replay
{
    /// <summary>Default time the clock runs on after the last event, so pending deadlines still fire.</summary>
    public static readonly TimeSpan DefaultDrain = TimeSpan.FromDays(1);

    public static void Run(IEnumerable<InteractionEvent> events, IRiskEngine engine, Action<EngineStep> onStep, TimeSpan? drain = null)
    {
        ArgumentNullException.ThrowIfNull(onStep);
        Run(events, [engine], (_, step) => onStep(step), drain);
    }

    /// <summary>
    /// The same events through several engines side by side, in one pass over them and on one clock, as a shadow
    /// runs beside the live engine; <paramref name="onStep"/> gets each step with the index of its engine.
    /// </summary>
    public static void Run(IEnumerable<InteractionEvent> events, IReadOnlyList<IRiskEngine> engines, Action<int, EngineStep> onStep, TimeSpan? drain = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(engines);
        ArgumentNullException.ThrowIfNull(onStep);
        using var source = new Subject<InteractionEvent>();
        HistoricalScheduler? scheduler = null;
        var subscriptions = new List<IDisposable>();
        try
        {
            foreach (var e in events)
            {
                if (scheduler is null)
                {
                    scheduler = new HistoricalScheduler(e.OccurredAt);
                    for (var i = 0; i < engines.Count; i++)
                    {
                        var index = i;
                        subscriptions.Add(source.Process(engines[i], scheduler).Subscribe(step => onStep(index, step)));
                    }
                }
                if (e.OccurredAt > scheduler.Now)
                    scheduler.AdvanceTo(e.OccurredAt);
                source.OnNext(e);
            }
            scheduler?.AdvanceTo(scheduler.Now + (drain ?? DefaultDrain));
            source.OnCompleted();
        }
        finally
        {
            subscriptions.ForEach(s => s.Dispose());
        }
    }
}
