using System.Text.Json;
using Microsoft.Extensions.Options;
using RiskTriggers.Engine;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Intake;
using RiskTriggers.Engine.State.DeadLetters;
using RiskTriggers.Simulation;
using RiskTriggers.Host.Ingestion;

namespace RiskTriggers.Host.Simulation;

/// <summary>
/// <c>serve --simulate</c>: simulated traffic on the host's clock (speed 1, so it agrees with the engine's live
/// scheduler) handed over as the HTTP API hands its events over, so a newcomer sees the dashboard fill as a real
/// floor would (the first alerts two to three minutes in).
/// Each event goes through an intake first, as an HTTP item does, so the metrics count it (accepted, rejected,
/// withdrawn) like any other.
/// </summary>
internal sealed class SimulationFeeder(
    IEventHandOff handOff,
    TrafficOptions traffic,
    IOptions<IntakeOptions> intakeOptions,
    IntakeCounters counters,
    IDeadLetters deadLetters,
    TimeProvider time,
    ILogger<SimulationFeeder> logger) : BackgroundService
{
    /// <summary>The source named in the dead letters of simulated events; the position is the event's number in the run.</summary>
    public const string Source = "simulation";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var simulation = SimulatedTraffic.StartNow(traffic, speed: 1, time);
        // The host's counters and dead letters, but no remembered ids: the generator's ids (evt-000001, ...) are
        // the sample's too, and a posted sample event must not be taken for a duplicate of a simulated one.
        var intake = new EventIntake(intakeOptions.Value, IntakeClock.Live(time), deadLetters, recent: null, counters);
        logger.LogInformation("Simulating {Interactions} interactions over {Duration} (seed {Seed})", traffic.Interactions, traffic.Duration, traffic.Seed);
        try
        {
            await simulation.RunAsync(new HandOffWriter(handOff, intake, logger, stoppingToken), ct: stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        logger.LogInformation("Simulation finished after {Events} events", simulation.EventsSent);
    }

    /// <summary>Takes each event as the HTTP API does: through the intake, then handed over (the in-process partitions, or the partition streams).</summary>
    private sealed class HandOffWriter(IEventHandOff handOff, EventIntake intake, ILogger logger, CancellationToken ct) : IObserver<InteractionEvent>
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
            if (handOff.HandOverAsync([accepted], ct).AsTask().GetAwaiter().GetResult() == 1)
                return;
            intake.Withdraw(accepted);
            logger.LogWarning("Simulated event {EventId} refused: {Reason}", value.EventId, handOff.Refusal.Reason);
        }

        public void OnError(Exception error) => logger.LogError(error, "Simulation failed");

        public void OnCompleted()
        {
        }
    }
}
