using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RiskTriggers.Engine.Intake;
using Orleans.Configuration;
using RiskTriggers.Host.Streams;

namespace RiskTriggers.Host.Cluster;

/// <summary>Makes the host an Orleans silo: Redis membership and the partition owners with Redis, one localhost silo without.</summary>
public static class SiloServices
{
    /// <summary>
    /// Call once the configuration is complete (membership is chosen from it here, not when first resolved).
    /// The silo runs as a <see cref="SiloHost"/> beside the host. With <c>RiskTriggers:Redis:ConnectionString</c>:
    /// membership in Redis under the key prefix, the partition grains and the <see cref="PartitionKeeper"/> that keeps
    /// every one of them activated somewhere in the cluster. Without: one silo on localhost, in memory, with nothing
    /// to own (the embedded engine runs in process).
    /// </summary>
    public static IServiceCollection AddRiskTriggersSilo(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SiloOptions>().Bind(configuration.GetSection(SiloOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        var silo = configuration.GetSection(SiloOptions.Section).Get<SiloOptions>() ?? new SiloOptions();
        var redis = configuration.GetSection(RedisOptions.Section).Get<RedisOptions>() ?? new RedisOptions();
        services.AddSingleton(host => new SiloHost(host, silo, redis));
        services.AddHostedService(host => host.GetRequiredService<SiloHost>());
        return services;
    }

    /// <summary>The silo's own configuration: membership, endpoints, how fast a dead silo is noticed.</summary>
    internal static void Configure(ISiloBuilder builder, SiloOptions silo, RedisOptions redis)
    {
        if (redis.Enabled)
        {
            builder.UseRedisClustering(o =>
            {
                o.ConfigurationOptions = StackExchange.Redis.ConfigurationOptions.Parse(redis.ConnectionString!);
                o.CreateRedisKey = cluster => $"{redis.KeyPrefix}orleans:{cluster.ClusterId}";
            });
            builder.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (silo.ClusterId, silo.ClusterId));
            builder.ConfigureEndpoints(IPAddress.Parse(silo.AdvertisedAddress),
                silo.SiloPort ?? SiloOptions.DefaultSiloPort, silo.GatewayPort ?? SiloOptions.DefaultGatewayPort, listenOnAnyHostAddress: true);
            builder.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = silo.DeathTimeout / o.NumMissedProbesLimit;
                // A silo that stops writing I-am-alive is dead after the same timeout: a lone survivor (or one whose
                // peers are still joining) has no second vote to declare it dead by probes (drill: 90s otherwise).
                o.IAmAliveTablePublishTimeout = silo.DeathTimeout / o.NumMissedTableIAmAliveLimit;
            });
        }
        else
        {
            // Alone: free ports unless set, so tests and a second `serve` on one machine never collide.
            builder.UseLocalhostClustering(silo.SiloPort ?? FreePort(), silo.GatewayPort ?? FreePort(), serviceId: silo.ClusterId, clusterId: silo.ClusterId);
        }
    }

    /// <summary>
    /// The partition grains' services and the keeper that activates them, on a silo whose state store and intake are
    /// registered (<see cref="RedisStateServices.AddRiskTriggersState"/> with Redis, <c>AddRiskTriggersIntake</c>).
    /// </summary>
    public static IServiceCollection AddPartitionOwners(this IServiceCollection services)
    {
        services.TryAddSingleton(new OwnerClock(TimeProvider.System));
        services.TryAddSingleton<IntakeCounters>();
        services.AddSingleton(sp => new PartitionStore(sp.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>(),
            sp.GetRequiredService<IOptions<RedisOptions>>().Value));
        services.AddSingleton<PartitionEngines>();
        services.AddPlacementDirector<PartitionPlacement, PartitionPlacementDirector>();
        services.AddHostedService<PartitionKeeper>();
        return services;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
