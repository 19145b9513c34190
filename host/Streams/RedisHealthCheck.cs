using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace RiskTriggers.Host.Streams;

/// <summary>Ready when Redis answers a PING within two seconds and the stream consumer (if any) is working.</summary>
internal sealed class RedisHealthCheck(IOptions<RedisOptions> options, IServiceProvider services, RedisReadiness readiness) : IHealthCheck
{
    public const string Name = "redis";

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!options.Value.Enabled)
            return HealthCheckResult.Healthy("embedded engine, no Redis configured");
        try
        {
            var redis = services.GetRequiredService<IConnectionMultiplexer>();
            var latency = await redis.GetDatabase().PingAsync().WaitAsync(Timeout, cancellationToken);
            return readiness.IsReady || readiness.Reason == "starting"
                ? HealthCheckResult.Healthy($"PING {latency.TotalMilliseconds:0.#} ms")
                : HealthCheckResult.Unhealthy($"stream consumer: {readiness.Reason}");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("Redis unreachable", ex);
        }
    }
}
