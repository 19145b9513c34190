using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using StackExchange.Redis;
using BackplaneOptions = Microsoft.AspNetCore.SignalR.StackExchangeRedis.RedisOptions;
using RedisOptions = RiskTriggers.Host.Streams.RedisOptions;

namespace RiskTriggers.Host.Delivery;

/// <summary>
/// With Redis, SignalR's Redis backplane: a group send on one host reaches that group's connections on every host, on
/// channels under the key prefix (so clusters sharing a Redis keep apart). Without Redis, one host, SignalR's default.
/// Chosen when first resolved, as the state store is: configuration added after registration still counts.
/// </summary>
internal static class RedisBackplane
{
    public static ISignalRServerBuilder AddRedisBackplane(this ISignalRServerBuilder signalR)
    {
        // Read from the configuration, not the validated options: the hub is mapped before the host starts, and a
        // bad setting must fail the start with every failure listed, not the mapping.
        signalR.Services.AddOptions<BackplaneOptions>().Configure<IConfiguration>((backplane, configuration) =>
        {
            if (Redis(configuration) is not { Enabled: true } redis)
                return;
            backplane.Configuration = ConfigurationOptions.Parse(redis.ConnectionString!);
            backplane.Configuration.ChannelPrefix = RedisChannel.Literal($"{redis.KeyPrefix}signalr:");
        });
        signalR.Services.AddSingleton<HubLifetimeManager<AlertsHub>>(sp => Redis(sp.GetRequiredService<IConfiguration>()).Enabled
            ? ActivatorUtilities.CreateInstance<RedisHubLifetimeManager<AlertsHub>>(sp)
            : ActivatorUtilities.CreateInstance<DefaultHubLifetimeManager<AlertsHub>>(sp));
        return signalR;
    }

    private static RedisOptions Redis(IConfiguration configuration) =>
        configuration.GetSection(RedisOptions.Section).Get<RedisOptions>() ?? new RedisOptions();
}
