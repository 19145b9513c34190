using System.Reactive.Concurrency;
using System.Text.Encodings.Web;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RiskTriggers.Engine.Intake;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Engine.State.DeadLetters;
using RiskTriggers.Host.Alerts;
using RiskTriggers.Host.Cluster;
using RiskTriggers.Host.Dashboard;
using RiskTriggers.Host.Delivery;
using RiskTriggers.Host.Ingestion;
using RiskTriggers.Host.Operations;
using RiskTriggers.Host.Operations.OpenApi;
using RiskTriggers.Host.Security;
using RiskTriggers.Host.Settings;
using RiskTriggers.Host.Streams;
using RiskTriggers.Rules;

namespace RiskTriggers.Host.Hosting;

/// <summary>The host's wiring: <see cref="AddRiskTriggers"/> for services, <see cref="MapRiskTriggersApi"/> for endpoints.</summary>
public static class RiskTriggersServices
{
    /// <summary>
    /// Options (validated at start); with <c>RiskTriggers:Redis:ConnectionString</c> the Redis connection, streams and
    /// shared alert book, else the embedded engine on in-process partitions (<see cref="EmbeddedEngine"/>); the alert
    /// lifecycle, delivery (SSE, SignalR, webhooks), API-key security and operations.
    /// Time comes from <see cref="TimeProvider"/> and the engine's clock from <see cref="IScheduler"/>; register
    /// either before calling this to replace it (tests do).
    /// </summary>
    public static IServiceCollection AddRiskTriggers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RiskTriggersOptions>()
            .Bind(configuration.GetSection(RiskTriggersOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<RiskTriggersOptions>, RiskTriggersOptionsValidator>();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IScheduler>(sp => new TimeProviderScheduler(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ISettingsSource>(new FixedSettings(RiskSettings.BuiltIn));
        services.AddRiskTriggersState(configuration);
        services.AddSingleton(sp => DefaultEngine.Create(sp.GetRequiredService<ISettingsSource>(), null, ModelOf(sp)));
        services.AddSingleton<EmbeddedEngine>();
        services.AddSingleton(sp => new EventStreamWriter(sp.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>(), RedisOf(sp)));
        // Decided when first resolved, as the store is: configuration added after this call still counts.
        services.AddSingleton<IEventHandOff>(sp => RedisOf(sp).Enabled
            ? new StreamHandOff(sp.GetRequiredService<EventStreamWriter>())
            : sp.GetRequiredService<EmbeddedEngine>());
        services.AddSingleton<IAlertAcknowledgements>(sp => RedisOf(sp).Enabled
            ? ActivatorUtilities.CreateInstance<PartitionAcknowledgements>(sp)
            : sp.GetRequiredService<EmbeddedEngine>());
        services.AddRiskTriggersIntake(configuration);
        // The HTTP intake: wall clock, dead letters (in memory, or rt:dlq with Redis), and ids remembered across requests.
        services.AddSingleton(sp => new EventIntake(
            sp.GetRequiredService<IOptions<IntakeOptions>>().Value, IntakeClock.Live(sp.GetRequiredService<TimeProvider>()),
            sp.GetRequiredService<IDeadLetters>(), new RecentEventIds(Options(sp).DedupCapacity), sp.GetRequiredService<IntakeCounters>()));
        services.AddHostedService<EmbeddedEngineRunner>();

        services.TryAddSingleton<IAlertBook>(sp => AlertBook(sp));
        services.AddSingleton<AlertLifecycle>();
        services.AddHostedService<AlertStreamFollower>();

        services.AddSingleton<AlertFeed>();
        services.AddSignalR().AddJsonProtocol(o => Configure(o.PayloadSerializerOptions)).AddRedisBackplane();
        services.AddHostedService<HubForwarder>();
        services.AddHttpClient(WebhookPoster.ClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<WebhookPoster>();
        services.AddHostedService<WebhookSink>();

        services.AddHttpProblems();
        services.ConfigureHttpJsonOptions(o => Configure(o.SerializerOptions));
        services.AddApiKeySecurity();
        services.AddOperations();
        services.AddRiskTriggersSettings();
        return services;
    }

    /// <summary>Error handling, security, the v1 API, the push channels, the dashboard and the operations endpoints.</summary>
    public static WebApplication MapRiskTriggersApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();

        var v1 = app.MapGroup("/v1");
        v1.MapEventEndpoints();
        v1.MapAlertStream();
        v1.MapAlertEndpoints();
        app.MapGroup("").DescribeSettingsApi().MapSettingsApi();
        app.MapHub<AlertsHub>(AlertsHub.Path);
        app.MapDashboard();
        app.MapOperations();
        return app;
    }

    private static RedisOptions RedisOf(IServiceProvider sp) => sp.GetRequiredService<IOptions<RedisOptions>>().Value;

    private static RiskTriggersOptions Options(IServiceProvider sp) => sp.GetRequiredService<IOptions<RiskTriggersOptions>>().Value;

    /// <summary>With Redis configured, the one book every host shares (under the Redis key prefix); else the embedded one.</summary>
    private static IAlertBook AlertBook(IServiceProvider sp)
    {
        var redis = sp.GetRequiredService<IOptions<RedisOptions>>().Value;
        return redis.Enabled
            ? new RedisAlertBook(sp.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>(), new RedisAlertBookKeys(redis.KeyPrefix), Options(sp).AlertCapacity)
            : new InMemoryAlertBook(Options(sp).AlertCapacity);
    }

    // Chinese text stays readable on the wire; enums carry their own converters (P1, "agent").
    private static void Configure(System.Text.Json.JsonSerializerOptions options) =>
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>The model named by <c>RiskTriggers:DissatisfactionModel</c>, read once (the validator checked it).</summary>
    internal static Rules.Models.ModelChoice ModelOf(IServiceProvider sp) =>
        Rules.Models.ModelChoice.Parse(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Hosting.RiskTriggersOptions>>().Value.DissatisfactionModel);
}
