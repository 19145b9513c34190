using Microsoft.Extensions.Options;
using RiskTriggers.Host.Security;

namespace RiskTriggers.Host.Hosting;

/// <summary>What <c>serve</c> prints once it listens: the dashboard URL and, in Development only, the dev keys.</summary>
internal static class StartupBanner
{
    public static void Write(WebApplication app, TextWriter output)
    {
        var baseUrl = app.Urls.FirstOrDefault()?.TrimEnd('/') ?? RiskTriggersWebApp.DefaultUrls;
        output.WriteLine($"RiskTriggers is running ({app.Environment.EnvironmentName}).");
        output.WriteLine($"  Dashboard: {baseUrl}/");
        output.WriteLine($"  API:       {baseUrl}/v1/events, {baseUrl}/v1/alerts   OpenAPI: {baseUrl}/openapi/v1.json");
        output.WriteLine($"  Ops:       {baseUrl}/health/ready, {baseUrl}/metrics");
        var keys = app.Services.GetRequiredService<IOptions<RiskTriggersOptions>>().Value.ApiKeys;
        if (app.Environment.IsDevelopment())
        {
            output.WriteLine("  Dev API keys (DEVELOPMENT ONLY, send as X-Api-Key):");
            foreach (var key in keys)
                output.WriteLine($"    {key.Role,-10} {key.Key}{(key.AgentId is null ? "" : $"  (agent {key.AgentId})")}");
        }
        else if (keys.Any(k => k.Key.StartsWith("dev-", StringComparison.Ordinal)))
        {
            app.Logger.LogWarning("Development API keys (dev-...) are configured outside Development; replace RiskTriggers:ApiKeys");
        }
        output.Flush();
    }
}
