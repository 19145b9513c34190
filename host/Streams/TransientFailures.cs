using StackExchange.Redis;

namespace RiskTriggers.Host.Streams;

/// <summary>
/// Failures that say "Redis is not reachable or not ready right now", as opposed to a problem with the event:
/// they never count towards an event's attempts.
/// </summary>
internal static class TransientFailures
{
    private static readonly string[] ServerBusy = ["LOADING", "BUSY", "TRYAGAIN", "CLUSTERDOWN", "MASTERDOWN", "READONLY", "NOREPLICAS"];

    public static bool IsTransient(Exception ex) => ex switch
    {
        RedisConnectionException or RedisTimeoutException or TimeoutException or ObjectDisposedException => true,
        RedisServerException server => ServerBusy.Any(code => server.Message.StartsWith(code, StringComparison.Ordinal)),
        AggregateException { InnerException: { } inner } => IsTransient(inner),
        _ => false,
    };
}
