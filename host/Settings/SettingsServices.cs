using System.Reactive.Concurrency;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Engine.Settings.History;
using RiskTriggers.Engine.Settings.Stores;
using RiskTriggers.Engine.Shadow;
using Microsoft.Extensions.Options;
using RiskTriggers.Host.Streams;
using RiskTriggers.Rules;

namespace RiskTriggers.Host.Settings;

/// <summary>Versioned settings with hot reload, and shadow mode, for the web host.</summary>
public static class SettingsServices
{
    /// <summary>
    /// Registers the settings history: <see cref="RedisSettingsStore"/> on the host's Redis connection and key prefix
    /// when <c>RiskTriggers:Redis</c> is configured, else <see cref="InMemorySettingsStore"/>;
    /// an <see cref="ISettingsStore"/> registered before wins), <see cref="LiveSettings"/> as the engine's
    /// <see cref="ISettingsSource"/> (loaded before any other hosted service starts), and <see cref="ShadowRun"/>.
    /// Works called before or after the host's own wiring.
    /// </summary>
    public static IServiceCollection AddRiskTriggersSettings(this IServiceCollection services, Action<LiveSettingsOptions>? configure = null)
    {
        var liveOptions = new LiveSettingsOptions();
        configure?.Invoke(liveOptions);

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IScheduler>(TaskPoolScheduler.Default);
        services.TryAddSingleton(CreateStore);
        services.TryAddSingleton(sp => new LiveSettings(sp.GetRequiredService<ISettingsStore>(), sp.GetRequiredService<IScheduler>(), liveOptions));
        services.Replace(ServiceDescriptor.Singleton<ISettingsSource>(sp => sp.GetRequiredService<LiveSettings>()));
        services.TryAddSingleton(sp => new ShadowRun(
            candidate => DefaultEngine.Create(new FixedSettings(candidate)), sp.GetRequiredService<IScheduler>()));

        // First of the hosted services: the engine must not handle an event before the current version is loaded.
        if (!services.Any(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(LiveSettingsStarter)))
            services.Insert(0, ServiceDescriptor.Singleton<IHostedService, LiveSettingsStarter>());
        return services;
    }

    private static ISettingsStore CreateStore(IServiceProvider sp)
    {
        var time = sp.GetRequiredService<TimeProvider>();
        var redis = sp.GetService<IOptions<RedisOptions>>()?.Value;
        return redis is { Enabled: true }
            ? new RedisSettingsStore(sp.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>(), time, redis.KeyPrefix)
            : new InMemorySettingsStore(time);
    }
}
