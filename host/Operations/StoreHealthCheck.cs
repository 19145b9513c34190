using Microsoft.Extensions.Diagnostics.HealthChecks;
using RiskTriggers.Engine.State;

namespace RiskTriggers.Host.Operations;

/// <summary>Ready when the state store answers a read within a couple of seconds.</summary>
internal sealed class StoreHealthCheck(IStateStore store) : IHealthCheck
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await store.GetInteractionAsync("health-check", timeout.Token);
            return HealthCheckResult.Healthy($"{store.GetType().Name} reachable");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{store.GetType().Name} unreachable", ex);
        }
    }
}
