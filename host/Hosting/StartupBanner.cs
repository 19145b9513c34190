using Microsoft.Extensions.Options;
using RiskTriggers.Host.Security;

namespace RiskTriggers.Host.Hosting;

/// <summary>
/// What <c>serve</c> prints once it listens: the dashboard URL and, in Development only, every configured API key
/// with what it is for and a call to try it, so a newcomer can reach every API without reading the configuration.
/// </summary>
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
            WriteKeys(output, keys, baseUrl);
        else if (keys.Any(k => k.Key.StartsWith("dev-", StringComparison.Ordinal)))
            app.Logger.LogWarning("Development API keys (dev-...) are configured outside Development; replace RiskTriggers:ApiKeys");
        output.Flush();
    }

    /// <summary>Each key: its role, the key, what it may do and a command that uses it.</summary>
    internal static void WriteKeys(TextWriter output, IReadOnlyList<ApiKeyOptions> keys, string baseUrl)
    {
        output.WriteLine("  Dev API keys (DEVELOPMENT ONLY, send as X-Api-Key):");
        var width = keys.Select(k => k.Key.Length).DefaultIfEmpty(0).Max();
        foreach (var key in keys)
        {
            output.WriteLine($"    {key.Role,-10} {key.Key.PadRight(width)}  {Purpose(key)}");
            output.WriteLine($"    {"",-10} {"".PadRight(width)}  try: {Example(key, baseUrl)}");
        }
    }

    /// <summary>
    /// The event the README posts, for pasting into a shell: it occurred now (the shell fills in the time), so its
    /// reply deadline and ack timeout run from the moment it is sent; a fixed date in the past would have them all
    /// fire at once and escalate the alert as soon as it is raised.
    /// </summary>
    internal const string SampleEvent =
        """{"eventId":"e1","type":"customer_message","occurredAt":"'"$(date -u +%FT%TZ)"'","interactionId":"ix-1","customerId":"c-1","text":"我要投诉"}""";

    private static string Purpose(ApiKeyOptions key) => key.Role switch
    {
        Roles.Ingest => "send events: POST /v1/events (the contact-center platform's key)",
        Roles.Agent => $"agent {key.AgentId}'s alerts only: list, ack, resolve, stream (/v1/alerts, /hubs/alerts)",
        Roles.Supervisor => "every alert: the dashboard at /, list, ack, resolve, stream (/v1/alerts)",
        Roles.Admin => "everything, and the settings: /v1/settings, the settings verb, shadow runs",
        _ => $"role {key.Role}",
    };

    private static string Example(ApiKeyOptions key, string baseUrl) => key.Role switch
    {
        Roles.Ingest => $"curl -H 'X-Api-Key: {key.Key}' -H 'Content-Type: application/json' {baseUrl}/v1/events -d '{SampleEvent}'",
        Roles.Admin => $"dotnet run --project host -- settings get --url {baseUrl} --key {key.Key}",
        _ => $"curl -H 'X-Api-Key: {key.Key}' {baseUrl}/v1/alerts",
    };
}
