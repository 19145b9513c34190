using Microsoft.Extensions.Options;
using RiskTriggers.Host.Hosting;

namespace RiskTriggers.Host.Alerts;

/// <summary>Looks for alerts whose ack timeout has passed, on a timer of the injected <see cref="TimeProvider"/>.</summary>
internal sealed class EscalationMonitor(
    AlertLifecycle lifecycle, TimeProvider time, IOptions<RiskTriggersOptions> options, ILogger<EscalationMonitor> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.EscalationCheckInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await lifecycle.EscalateDueAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Escalation check failed; trying again at the next tick");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
