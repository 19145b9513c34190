using Microsoft.Extensions.DependencyInjection.Extensions;
using RiskTriggers.Engine.Intake;

namespace RiskTriggers.Host.Ingestion;

/// <summary>The intake's settings and counts, shared by every entry point of a host (HTTP, streams).</summary>
internal static class IntakeServices
{
    /// <summary><see cref="IntakeOptions"/> from <c>RiskTriggers:Intake</c> (validated at start) and one <see cref="IntakeCounters"/>.</summary>
    public static IServiceCollection AddRiskTriggersIntake(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IntakeOptions>()
            .Bind(configuration.GetSection(IntakeOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<IntakeCounters>();
        return services;
    }
}
