using RiskTriggers.Engine.Events;
using RiskTriggers.Simulation;
using RiskTriggers.Host.Ingestion;

namespace RiskTriggers.Host.Simulation;

/// <summary>
/// <c>serve --simulate</c>: simulated traffic on the wall clock (speed 1, so it agrees with the engine's live
/// scheduler) fed into the same ingestion queue the HTTP API uses, so a newcomer sees the dashboard fill at once.
/// </summary>
internal sealed class SimulationFeeder(IngestionQueue queue, TrafficOptions traffic, ILogger<SimulationFeeder> logger) : BackgroundService
{
    private static readonly TimeSpan EnqueueTimeout = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var simulation = SimulatedTraffic.StartNow(traffic, speed: 1);
        logger.LogInformation("Simulating {Interactions} interactions over {Duration} (seed {Seed})", traffic.Interactions, traffic.Duration, traffic.Seed);
        try
        {
            await simulation.RunAsync(new QueueWriter(queue, logger, stoppingToken), ct: stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        logger.LogInformation("Simulation finished after {Events} events", simulation.EventsSent);
    }

    /// <summary>Enqueues as the HTTP API does: waits briefly for room, and says so when the queue stays full.</summary>
    private sealed class QueueWriter(IngestionQueue queue, ILogger logger, CancellationToken ct) : IObserver<InteractionEvent>
    {
        public void OnNext(InteractionEvent value)
        {
            if (!queue.TryEnqueueAsync(value, EnqueueTimeout, ct).AsTask().GetAwaiter().GetResult())
                logger.LogWarning("Simulated event {EventId} refused: the ingestion queue stayed full", value.EventId);
        }

        public void OnError(Exception error) => logger.LogError(error, "Simulation failed");

        public void OnCompleted()
        {
        }
    }
}
