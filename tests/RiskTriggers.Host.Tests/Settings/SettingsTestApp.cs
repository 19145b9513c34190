using System.Reactive.Concurrency;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RiskTriggers.Host.Settings;

namespace RiskTriggers.Host.Tests.Settings;

/// <summary>
/// A minimal web app on a loopback port with only the settings API, so these tests do not depend on the rest of
/// the host. A test scheme stands in for API keys: <c>X-Api-Key: admin-key</c> is an admin named "admin-key-owner";
/// <c>X-Test-Role</c> gives any role with no name (the author then comes from X-Author).
/// </summary>
internal sealed class SettingsTestApp : IAsyncDisposable
{
    public const string AdminKey = "admin-key";

    private readonly WebApplication _app;

    private SettingsTestApp(WebApplication app, HttpClient client)
    {
        _app = app;
        Client = client;
    }

    public HttpClient Client { get; }

    public string BaseUrl => Client.BaseAddress!.ToString();

    public IServiceProvider Services => _app.Services;

    public static async Task<SettingsTestApp> StartAsync(IScheduler scheduler)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(scheduler);
        builder.Services.AddRiskTriggersSettings();
        builder.Services.AddProblemDetails();
        builder.Services.AddAuthentication(TestAuth.SchemeName).AddScheme<AuthenticationSchemeOptions, TestAuth>(TestAuth.SchemeName, null);
        builder.Services.AddAuthorizationBuilder().AddPolicy(SettingsEndpoints.AdminPolicy, p => p.RequireRole("admin"));
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapSettingsApi();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(address + "/") };
        client.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        return new SettingsTestApp(app, client);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class TestAuth(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "Test";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            List<Claim> claims;
            if (Request.Headers["X-Test-Role"].ToString() is { Length: > 0 } role)
                claims = [new Claim(ClaimTypes.Role, role)];
            else if (Request.Headers["X-Api-Key"].ToString() == AdminKey)
                claims = [new Claim(ClaimTypes.Role, "admin"), new Claim(ClaimTypes.Name, "admin-key-owner")];
            else
                return Task.FromResult(AuthenticateResult.NoResult());
            var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
        }
    }
}
