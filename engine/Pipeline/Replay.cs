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
        using var source = new Subject<InteractionEvent>();
        HistoricalScheduler? scheduler = null;
        IDisposable? subscription = null;
        try
        {
            foreach (var e in events)
            {
                if (scheduler is null)
                {
                    scheduler = new HistoricalScheduler(e.OccurredAt);
                    subscription = source.Process(engine, scheduler).Subscribe(onStep);
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
            subscription?.Dispose();
        }
    }
}
