using System.Text.Json;
using Microsoft.Extensions.Options;
using RiskTriggers.Engine;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Intake;
using RiskTriggers.Engine.State;
using RiskTriggers.Simulation;
using RiskTriggers.Host.Ingestion;

namespace RiskTriggers.Host.Simulation;

/// <summary>
/// <c>serve --simulate</c>: simulated traffic on the host's clock (speed 1, so it agrees with the engine's live
/// scheduler) fed into the same ingestion queue the HTTP API uses, so a newcomer sees the dashboard fill at once.
/// Each event goes through an intake first, as an HTTP item does, so the metrics count it (accepted, rejected,
/// withdrawn) like any other.
/// </summary>
internal sealed class SimulationFeeder(
    IngestionQueue queue,
    TrafficOptions traffic,
    IOptions<IntakeOptions> intakeOptions,
    IntakeCounters counters,
    IStateStore store,
    TimeProvider time,
    ILogger<SimulationFeeder> logger) : BackgroundService
{
    /// <summary>The source named in the dead letters of simulated events; the position is the event's number in the run.</summary>
    public const string Source = "simulation";

    private static readonly TimeSpan EnqueueTimeout = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var simulation = SimulatedTraffic.StartNow(traffic, speed: 1, time);
        // The host's counters and dead letters, but no remembered ids: the generator's ids (evt-000001, ...) are
        // the sample's too, and a posted sample event must not be taken for a duplicate of a simulated one.
        var intake = new EventIntake(intakeOptions.Value, IntakeClock.Live(time), store, recent: null, counters);
        logger.LogInformation("Simulating {Interactions} interactions over {Duration} (seed {Seed})", traffic.Interactions, traffic.Duration, traffic.Seed);
        try
        {
            await simulation.RunAsync(new QueueWriter(queue, intake, logger, stoppingToken), ct: stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        logger.LogInformation("Simulation finished after {Events} events", simulation.EventsSent);
    }

    /// <summary>Takes each event as the HTTP API does: through the intake, then into the queue, waiting briefly for room.</summary>
    private sealed class QueueWriter(IngestionQueue queue, EventIntake intake, ILogger logger, CancellationToken ct) : IObserver<InteractionEvent>
    {
        private long _position;

        public void OnNext(InteractionEvent value)
        {
            var raw = JsonSerializer.Serialize(value, EngineJson.Default.InteractionEvent);
            var taken = intake.TakeAsync(raw, Source, _position++, ct).AsTask().GetAwaiter().GetResult();
            if (taken is not { Outcome: IntakeOutcome.Accepted, Event: { } accepted })
            {
                logger.LogWarning("Simulated event {EventId} refused: {Errors}", value.EventId,
                    string.Join("; ", taken.Rejection?.Errors.Select(e => $"{e.Field}: {e.Reason}") ?? []));
                return;
            }
            if (queue.TryEnqueueAsync(accepted, EnqueueTimeout, ct).AsTask().GetAwaiter().GetResult())
                return;
            intake.Withdraw(accepted);
            logger.LogWarning("Simulated event {EventId} refused: the ingestion queue stayed full", value.EventId);
        }

        public void OnError(Exception error) => logger.LogError(error, "Simulation failed");

        public void OnCompleted()
        {
        }
    }
}
