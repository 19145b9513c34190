using System.Reflection;
using System.Text.Encodings.Web;
using Microsoft.Extensions.Options;
using RiskTriggers.Host.Hosting;
using RiskTriggers.Host.Security;

namespace RiskTriggers.Host.Dashboard;

/// <summary>
/// <c>GET /</c>: the supervisor dashboard, one self-contained page embedded in the assembly (no build step, no
/// CDN). It asks for a key and keeps it in the browser. In Development, while the documented dev supervisor key
/// is configured, it comes pre-filled with that key.
/// </summary>
internal static class DashboardEndpoints
{
    /// <summary>The development supervisor key of <c>host/appsettings.json</c> and the docs: public, so safe to pre-fill.</summary>
    public const string DevSupervisorKey = "dev-supervisor";

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
            // The page goes to anyone who asks, with no key: it must never carry a key that was configured, only
            // the documented one everybody knows already.
            var key = env.IsDevelopment() && options.Value.ApiKeys.Any(k => k.Role == Roles.Supervisor && k.Key == DevSupervisorKey)
                ? DevSupervisorKey
                : "";
            return Results.Content(Page.Value.Replace(KeyPlaceholder, JavaScriptEncoder.Default.Encode(key)), "text/html; charset=utf-8");
        }).ExcludeFromDescription();
        return app;
    }
}
