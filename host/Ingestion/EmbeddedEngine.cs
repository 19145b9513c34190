using System.Reactive.Concurrency;
using Microsoft.Extensions.Options;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Partitions;
using RiskTriggers.Engine.Processing;
using RiskTriggers.Engine.Shadow;
using RiskTriggers.Host.Alerts;
using RiskTriggers.Host.Hosting;
using RiskTriggers.Host.Operations;

namespace RiskTriggers.Host.Ingestion;

/// <summary>
/// The embedded default (no Redis): accepted events go straight to the keyed engine's customer partitions in this
/// process, one <see cref="PartitionWorker"/> each, on the host's clock. Partitions run in parallel, a customer's
/// events in order. Direct, not through the localhost silo's partition grains: those own a partition's durable side
/// (stream, snapshots, fenced commits), which the embedded default does not have, and a grain call per event would
/// add a scheduler hop and a copy to every event's latency. Steps go to the alert lifecycle (alerts into the book and
/// out to delivery, escalations likewise); a failed step is logged and counted, never fatal.
/// </summary>
internal sealed partial class EmbeddedEngine : IEventHandOff, IAlertAcknowledgements, IDisposable
{
    private readonly PartitionWorker[] _workers;
    private readonly ShadowRun _shadow;
    private readonly RiskMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly RiskTriggersOptions _options;
    private readonly IServiceProvider _services;
    private readonly ILogger<EmbeddedEngine> _logger;
    private AlertLifecycle? _lifecycle;

    public EmbeddedEngine(KeyedEngine engine, IScheduler scheduler, ShadowRun shadow, RiskMetrics metrics, TimeProvider time,
        IOptions<RiskTriggersOptions> options, IServiceProvider services, ILogger<EmbeddedEngine> logger)
    {
        Engine = engine;
        (_shadow, _metrics, _time, _options, _services, _logger) = (shadow, metrics, time, options.Value, services, logger);
        _workers = [.. engine.Partitions.Select(p => new PartitionWorker(p, _options.QueueCapacity, scheduler, OnStepAsync))];
    }

    public KeyedEngine Engine { get; }

    /// <summary>Events waiting in every partition's inbox.</summary>
    public int Depth => _workers.Sum(w => w.Depth);

    public async ValueTask<int> HandOverAsync(IReadOnlyList<InteractionEvent> events, CancellationToken ct)
    {
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (!await WorkerOf(e.CustomerId).TryPostAsync(e, _time.GetTimestamp(), _options.EnqueueTimeout, ct))
                return i;
            _shadow.OnEvent(e);
        }
        return events.Count;
    }

    public (string, string, TimeSpan) Refusal =>
        ("Ingestion queue full", $"the engine is behind (a partition's queue of {_options.QueueCapacity:N0} events is full)", _options.EnqueueTimeout);

    public async ValueTask AcknowledgeAsync(string customerId, string alertId, CancellationToken ct) =>
        await WorkerOf(customerId).AcknowledgeAsync(customerId, alertId, ct);

    /// <summary>Runs every partition until <see cref="Complete"/>, then what is still queued.</summary>
    public Task RunAsync()
    {
        _lifecycle = _services.GetRequiredService<AlertLifecycle>(); // not injected: the lifecycle acknowledges through this
        LogStarted(_workers.Length);
        return Task.WhenAll(_workers.Select(w => Task.Run(w.RunAsync)));
    }

    public void Complete()
    {
        foreach (var worker in _workers)
            worker.Complete();
    }

    public void Dispose()
    {
        foreach (var worker in _workers)
            worker.Dispose();
    }

    private PartitionWorker WorkerOf(string customerId) => _workers[RiskTriggers.Engine.State.Redis.StableHash.ShardOf(customerId, _workers.Length)];

    private async ValueTask OnStepAsync(EngineStep step, long? acceptedAt)
    {
        try
        {
            _metrics.Step(step);
            _shadow.OnLiveStep(step);
            if (step.Failure is { } failure)
                LogStepFailed(failure, step.Event?.EventId, step.At);
            foreach (var alert in step.Alerts)
            {
                if (await _lifecycle!.RaiseAsync(alert) is not null && acceptedAt is { } accepted)
                    _metrics.AlertLatency(_time.GetElapsedTime(accepted));
            }
            foreach (var escalation in step.Escalations)
                await _lifecycle!.EscalateAsync(escalation.AlertId, escalation.At);
        }
        catch (Exception ex)
        {
            LogRecordFailed(ex, step.Event?.EventId);
        }
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Engine started: {Partitions} customer partitions in process")]
    private partial void LogStarted(int partitions);

    [LoggerMessage(EventId = 201, Level = LogLevel.Error, Message = "Engine step failed for event {EventId} at {At}; skipped")]
    private partial void LogStepFailed(Exception ex, string? eventId, DateTimeOffset at);

    [LoggerMessage(EventId = 202, Level = LogLevel.Error, Message = "Could not record the alerts of the step for event {EventId}")]
    private partial void LogRecordFailed(Exception ex, string? eventId);
}

/// <summary>Runs the <see cref="EmbeddedEngine"/> for the life of the host (the embedded default only: with Redis it does nothing).</summary>
internal sealed class EmbeddedEngineRunner(IServiceProvider services, IOptions<Streams.RedisOptions> redis, ILogger<EmbeddedEngineRunner> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (redis.Value.Enabled)
            return; // the partition grains run the engine; HTTP appends to their streams
        var engine = services.GetRequiredService<EmbeddedEngine>();
        var running = engine.RunAsync();
        await using (stoppingToken.Register(engine.Complete))
            await running;
        logger.LogInformation("Engine stopped");
    }
}
