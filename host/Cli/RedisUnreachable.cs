namespace RiskTriggers.Host.Cli;

/// <summary>
/// A host with Redis configured that cannot reach it at start-up ends with one line, as any start that cannot work
/// does: what it tried and what to do. (Once running, a host carries on through Redis outages: 503, reconnect.)
/// </summary>
internal static class RedisUnreachable
{
    public static string Message(IConfiguration configuration, StackExchange.Redis.RedisConnectionException ex)
    {
        var endpoint = configuration["RiskTriggers:Redis:ConnectionString"] ?? "(not set)";
        var reason = ex.InnerException?.InnerException?.Message ?? ex.InnerException?.Message ?? ex.FailureType.ToString();
        return $"cannot reach Redis at '{endpoint}' ({reason}); start redis-server there or fix RiskTriggers:Redis:ConnectionString";
    }

    /// <summary>Null when Redis answers a connection within 5 s, else the one-line message.</summary>
    public static async Task<string?> ProblemAsync(IConfiguration configuration)
    {
        var options = StackExchange.Redis.ConfigurationOptions.Parse(configuration["RiskTriggers:Redis:ConnectionString"]!);
        options.AbortOnConnectFail = true;
        options.ConnectTimeout = 5000;
        try
        {
            await using var probe = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(options);
            return null;
        }
        catch (StackExchange.Redis.RedisConnectionException ex)
        {
            return Message(configuration, ex);
        }
    }
}
