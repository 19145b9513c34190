using System.Collections.Concurrent;
using System.Reactive.Concurrency;
using System.Reactive.Linq;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Pipeline;
using RiskTriggers.Engine.Processing;
using RiskTriggers.Engine.Shadow;
using RiskTriggers.Host.Alerts;
using RiskTriggers.Host.Operations;

namespace RiskTriggers.Host.Ingestion;

/// <summary>
/// Runs the engine for the life of the host: queued events → <see cref="RiskPipeline.Process"/> on the live
/// scheduler → alerts into the lifecycle (book + delivery). At most <see cref="MaxInFlight"/> events are between
/// the queue and a finished step, so a slow engine backs up into the bounded queue and nowhere else. A failed
/// step is logged and counted; it never stops the host. The embedded default only: with Redis it does nothing.
/// </summary>
internal sealed class EngineService(
    IngestionQueue queue,
    RiskEngine engine,
    ShadowRun shadow,
    IScheduler scheduler,
    AlertLifecycle lifecycle,
    RiskMetrics metrics,
    TimeProvider time,
    Microsoft.Extensions.Options.IOptions<Streams.RedisOptions> redis,
    ILogger<EngineService> logger) : BackgroundService
{
    public const int MaxInFlight = 256;

    private readonly SemaphoreSlim _inFlight = new(MaxInFlight, MaxInFlight);
    private readonly ConcurrentDictionary<string, long> _acceptedAt = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (redis.Value.Enabled)
            return; // the partition grains run the engine; HTTP appends to their streams
        logger.LogInformation("Engine started on {Store}", engine.Store.GetType().Name);
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = QueuedEvents()
            .Do(shadow.OnEvent)
            .Process(engine, scheduler, PipelineOptions.Live)
            .Do(shadow.OnLiveStep)
            .Select(step => Observable.FromAsync(ct => HandleAsync(step, ct)))
            .Concat()
            .Subscribe(
                _ => { },
                error => { logger.LogCritical(error, "Engine pipeline ended with an error"); stopped.TrySetResult(); },
                () => stopped.TrySetResult());
        await using var registration = stoppingToken.Register(() => stopped.TrySetResult());
        await stopped.Task;
        logger.LogInformation("Engine stopped");
    }

    private IObservable<InteractionEvent> QueuedEvents() =>
        Observable.Create<InteractionEvent>(async (observer, ct) =>
        {
            await foreach (var queued in queue.Reader.ReadAllAsync(ct))
            {
                await _inFlight.WaitAsync(ct);
                _acceptedAt[queued.Event.EventId] = queued.AcceptedAt;
                observer.OnNext(queued.Event);
            }
            observer.OnCompleted();
        });

    private async Task HandleAsync(EngineStep step, CancellationToken ct)
    {
        long? acceptedAt = null;
        if (step.Event is { } e && _acceptedAt.TryRemove(e.EventId, out var at))
            acceptedAt = at;
        try
        {
            metrics.Step(step);
            if (step.Failure is { } failure)
                logger.LogError(failure, "Engine step failed for event {EventId} at {At}; skipped", step.Event?.EventId, step.At);
            foreach (var alert in step.Alerts)
            {
                if (await lifecycle.RaiseAsync(alert, ct) is not null && acceptedAt is { } accepted)
                    metrics.AlertLatency(time.GetElapsedTime(accepted));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not record the alerts of the step for event {EventId}", step.Event?.EventId);
        }
        finally
        {
            if (step.Event is not null)
                _inFlight.Release();
        }
    }

    public override void Dispose()
    {
        _inFlight.Dispose();
        base.Dispose();
    }
}
