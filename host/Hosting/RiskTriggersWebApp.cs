using RiskTriggers.Host.Cluster;

namespace RiskTriggers.Host.Hosting;

/// <summary>Builds the web host the <c>serve</c> verb runs and the tests start on a loopback port.</summary>
public static class RiskTriggersWebApp
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <param name="args">Command-line configuration (e.g. <c>--RiskTriggers:MaxBatchSize=500</c>).</param>
    /// <param name="urls">
    /// Where Kestrel listens; port 0 picks a free port. Null: where ASP.NET Core's own settings say (<c>urls</c>, as
    /// from <c>ASPNETCORE_URLS</c>; <c>http_ports</c>; <c>Kestrel:Endpoints</c>), else <see cref="DefaultUrls"/>.
    /// </param>
    /// <param name="configure">Last word on configuration and services, after the host's own (tests replace the clock with it).</param>
    /// <param name="options">Content root and environment; by default the executable's folder, so appsettings.json is found from any directory.</param>
    public static WebApplication Build(string[] args, string? urls, Action<WebApplicationBuilder>? configure = null, WebApplicationOptions? options = null)
    {
        var builder = WebApplication.CreateBuilder(options ?? new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (urls is not null || !ListensAsConfigured(builder.Configuration))
            builder.WebHost.UseUrls(urls ?? DefaultUrls);
        builder.Services.AddRiskTriggers(builder.Configuration);
        configure?.Invoke(builder);
        builder.Services.AddRiskTriggersSilo(builder.Configuration); // after `configure`: membership follows the final configuration
        var app = builder.Build();
        app.MapRiskTriggersApi();
        return app;
    }

    private static bool ListensAsConfigured(IConfiguration configuration) =>
        new[] { "urls", "http_ports", "https_ports" }.Any(key => !string.IsNullOrEmpty(configuration[key]))
        || configuration.GetSection("Kestrel:Endpoints").Exists();
}
