using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using System.Reactive.Subjects;
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
        this IObservable<InteractionEvent> events, RiskEngine engine, IScheduler scheduler, PipelineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(scheduler);
        options ??= PipelineOptions.Replay;

        return Observable.Create<EngineStep>(observer =>
        {
            var work = Subject.Synchronize(new Subject<IObservable<EngineStep>>());
            var alarm = new DeadlineAlarm(scheduler, options.PollInterval,
                now => work.OnNext(Step(now, null, ct => engine.FireDueAsync(now, ct))));
            var output = work.Concat().Do(step => alarm.ArmAt(step.NextDeadline)).Subscribe(observer);
            var input = events.Subscribe(
                e => work.OnNext(Step(e.OccurredAt, e, ct => engine.HandleAsync(e, ct))),
                error => { alarm.Dispose(); work.OnError(error); },
                () => { alarm.Dispose(); work.OnCompleted(); });
            // Deadlines that fell due while no host was running fire straight away.
            alarm.ArmAt(scheduler.Now);
            return new CompositeDisposable(input, alarm, output);
        });
    }

    /// <summary>One unit of work; a failure becomes a failed step, so one bad step never ends the pipeline.</summary>
    private static IObservable<EngineStep> Step(DateTimeOffset at, InteractionEvent? e, Func<CancellationToken, ValueTask<EngineStep>> run) =>
        Observable.FromAsync(async ct =>
        {
            try
            {
                return await run(ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return EngineStep.FailedOn(at, e, ex);
            }
        });
}
