using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using RiskTriggers.Engine.Intake;
using RiskTriggers.Host.Alerts;
using RiskTriggers.Host.Ingestion;
using RiskTriggers.Host.Operations.OpenApi;

namespace RiskTriggers.Host.Operations;

/// <summary>Health checks, OpenTelemetry metrics (Prometheus at /metrics) and the OpenAPI document.</summary>
internal static class OperationsExtensions
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddOperations(this IServiceCollection services)
    {
        services.AddSingleton(sp => new RiskMetrics(sp.GetRequiredService<IMeterFactory>())
        {
            Intake = sp.GetRequiredService<IntakeCounters>(),
            OpenAlerts = () => sp.GetRequiredService<IAlertBook>().OpenCount,
            // The embedded engine's partitions; with Redis the partition grains hold these, in their own silos.
            QueueDepth = () => Embedded(sp)?.Depth ?? 0,
            OpenInteractions = () => Embedded(sp)?.Engine.Counts().Interactions ?? 0,
            PendingDeadlines = () => Embedded(sp)?.Engine.Partitions.Sum(p => p.TimerEntries) ?? 0,
        });
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("risktriggers"))
            .WithMetrics(metrics => metrics
            .AddMeter(RiskMetrics.MeterName)
            .AddPrometheusExporter());
        services.AddRiskTriggersOpenApi();
        return services;
    }

    private static EmbeddedEngine? Embedded(IServiceProvider sp) =>
        sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Streams.RedisOptions>>().Value.Enabled ? null : sp.GetRequiredService<EmbeddedEngine>();

    public static IEndpointRouteBuilder MapOperations(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).WithTags("Operations");
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) }).WithTags("Operations");
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapOpenApi();
        return app;
    }
}
