using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive;
using System.Reactive.Linq;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Processing;

namespace RiskTriggers.Engine.Pipeline;

/// <summary>
/// The one pipeline, live or replayed: events and deadline wake-ups are merged into a single ordered stream
/// of engine steps. Time comes only from <paramref name="scheduler"/>: the wall clock live, a virtual clock
/// driven by event timestamps in replay and tests.
/// </summary>
public static class RiskPipeline
{
    public static IObservable<EngineStep> Process(
        this IObservable<InteractionEvent> events, IRiskEngine engine, IScheduler scheduler, PipelineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(scheduler);
        options ??= PipelineOptions.Replay;

        return Observable.Create<EngineStep>(observer =>
        {
            DeadlineAlarm? alarm = null;
            var steps = new SerialSteps(engine, Observer.Create<EngineStep>(
                step => { alarm!.ArmAt(step.NextDeadline); observer.OnNext(step); }, observer.OnError, observer.OnCompleted));
            alarm = new DeadlineAlarm(scheduler, options.PollInterval,
                now => steps.Post(now, null));
            var input = events.Subscribe(
                e => steps.Post(e.OccurredAt, e),
                error => { alarm.Dispose(); steps.End(error); },
                () => { alarm.Dispose(); steps.End(); });
            // Deadlines that fell due while no host was running fire straight away.
            alarm.ArmAt(scheduler.Now);
            return new CompositeDisposable(input, alarm, steps);
        });
    }
}
