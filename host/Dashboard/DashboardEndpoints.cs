using System.Reflection;
using System.Text.Encodings.Web;
using Microsoft.Extensions.Options;
using RiskTriggers.Host.Hosting;
using RiskTriggers.Host.Security;

namespace RiskTriggers.Host.Dashboard;

/// <summary>
/// <c>GET /</c>: the supervisor dashboard, one self-contained page embedded in the assembly (no build step, no
/// CDN). In Development it comes pre-filled with the dev supervisor key; otherwise it asks for a key.
/// </summary>
internal static class DashboardEndpoints
{
    private const string Resource = "RiskTriggers.Host.Dashboard.index.html";
    private const string KeyPlaceholder = "__DEFAULT_KEY__";
    private static readonly Lazy<string> Page = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"embedded resource {Resource} is missing");
        return new StreamReader(stream).ReadToEnd();
    });

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (IHostEnvironment env, IOptions<RiskTriggersOptions> options) =>
        {
            var key = env.IsDevelopment()
                ? options.Value.ApiKeys.FirstOrDefault(k => k.Role == Roles.Supervisor)?.Key ?? ""
                : "";
            return Results.Content(Page.Value.Replace(KeyPlaceholder, JavaScriptEncoder.Default.Encode(key)), "text/html; charset=utf-8");
        }).ExcludeFromDescription();
        return app;
    }
}
