using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RiskTriggers.Engine.Intake;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Engine.State.DeadLetters;
using RiskTriggers.Host.Hosting;
using RiskTriggers.Host.Streams;
using StackExchange.Redis;

namespace RiskTriggers.Host.Cluster;

/// <summary>
/// The host's Orleans silo, in a container of its own that is handed the few host services the partition grains
/// use (Redis, settings, intake, dead letters, logging). Own, because Orleans runs its timers and membership on the
/// container's <see cref="TimeProvider"/>: a host whose clock is replaced (tests fake it) still has a silo on real
/// time, and the owners read the host's clock through <see cref="OwnerClock"/>. Its membership loops run on
/// <see cref="SiloTime"/>, and it logs through the host's loggers (less the Server GC notes, <see cref="SiloLogs"/>).
/// Starts with the host, stops with it.
/// </summary>
internal sealed class SiloHost(IServiceProvider host, SiloOptions silo, RedisOptions redis) : IHostedService, IAsyncDisposable
{
    private IHost? _silo;
    private bool _stopped;

    /// <summary>The running silo's services (its grain factory); null before start.</summary>
    public IServiceProvider? Services => _silo?.Services;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(new SiloLogs(host.GetRequiredService<ILoggerFactory>())));
        // The host's lifetime is the silo's: a console lifetime of its own would answer Ctrl+C apart from the host's
        // and announce a second "Application started" with the wrong environment.
        builder.Services.Replace(ServiceDescriptor.Singleton<IHostLifetime, HostsLifetime>());
        builder.UseOrleans(orleans => SiloServices.Configure(orleans, silo, redis));
        // Real time for membership and its watchdog, counted from the silo's start (why: SiloTime).
        builder.Services.AddKeyedSingleton<TimeProvider>(Orleans.Runtime.TimeProviderNames.Membership, new SiloTime());
        if (redis.Enabled)
        {
            var services = builder.Services;
            services.AddSingleton(host.GetRequiredService<IConnectionMultiplexer>());
            services.AddSingleton(host.GetRequiredService<ISettingsSource>());
            services.AddSingleton(host.GetRequiredService<IDeadLetters>());
            services.AddSingleton(host.GetRequiredService<IntakeCounters>());
            services.AddSingleton(host.GetRequiredService<IOptions<RedisOptions>>());
            services.AddSingleton(host.GetRequiredService<IOptions<IntakeOptions>>());
            services.AddSingleton(host.GetRequiredService<IOptions<RiskTriggersOptions>>());
            services.AddSingleton(new OwnerClock(host.GetService<TimeProvider>() ?? TimeProvider.System));
            services.AddPartitionOwners();
        }
        _silo = builder.Build();
        await _silo.StartAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopped)
            return;
        _stopped = true;
        // Its own bound, not the caller's token: a host whose start failed stops with a cancelled one, and a silo
        // cut short logs its membership update failing against a disposed container.
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        if (_silo is not null)
            await _silo.StopAsync(bound.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None); // a host whose start failed disposes without stopping
        if (_silo is IAsyncDisposable disposable)
            await disposable.DisposeAsync();
        _silo = null;
    }

    /// <summary>Starts and stops when <see cref="SiloHost"/> does, which is when the host does.</summary>
    private sealed class HostsLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
