using System.Reactive.Concurrency;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RiskTriggers.Engine.Intake;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Engine.State.DeadLetters;
using RiskTriggers.Rules;
using StackExchange.Redis;

namespace RiskTriggers.Host.Streams;

/// <summary>The one Redis connection and the dead letters, chosen by configuration.</summary>
public static class RedisStateServices
{
    /// <summary>
    /// Binds and validates <c>RiskTriggers:Redis</c> at start. With a connection string: one shared
    /// <see cref="IConnectionMultiplexer"/> (it reconnects by itself after a Redis restart), the
    /// dead letters on the <c>rt:dlq</c> stream (<see cref="RedisDeadLetters"/>) and a readiness health check named
    /// "redis" (tag "ready"). Without one: dead letters bounded in memory (and the health check says Redis is not used).
    /// </summary>
    public static IServiceCollection AddRiskTriggersState(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RedisOptions>().Bind(configuration.GetSection(RedisOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        // Decided when first resolved, not here, so configuration added after this call still counts.
        services.TryAddSingleton<IConnectionMultiplexer>(sp => Connect(Options(sp)));
        services.TryAddSingleton<IDeadLetters>(sp => Options(sp).Enabled
            ? new RedisDeadLetters(sp.GetRequiredService<IConnectionMultiplexer>(), Options(sp).KeyPrefix)
            : new InMemoryDeadLetters());
        services.TryAddSingleton<RedisReadiness>();
        services.AddHealthChecks().AddCheck<RedisHealthCheck>(RedisHealthCheck.Name, tags: ["ready"]);
        return services;
    }

    /// <summary>
    /// Connects without giving up when Redis is down (it keeps retrying in the background), and fails commands
    /// at once while disconnected instead of queueing them, so a partition owner sees the outage at once (and resumes from its last commit) and ingestion answers 503.
    /// </summary>
    public static ConnectionMultiplexer Connect(RedisOptions options)
    {
        var config = ConfigurationOptions.Parse(options.ConnectionString!);
        config.AbortOnConnectFail = false;
        config.BacklogPolicy = BacklogPolicy.FailFast;
        config.ReconnectRetryPolicy ??= new ExponentialRetry(250, 5_000);
        return ConnectionMultiplexer.Connect(config);
    }

    private static RedisOptions Options(IServiceProvider sp) => sp.GetRequiredService<IOptions<RedisOptions>>().Value;

}
