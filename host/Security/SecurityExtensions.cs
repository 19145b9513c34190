using Microsoft.AspNetCore.Authentication;

namespace RiskTriggers.Host.Security;

internal static class SecurityExtensions
{
    public static IServiceCollection AddApiKeySecurity(this IServiceCollection services)
    {
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Ingest, p => p.RequireRole(Roles.Ingest, Roles.Admin))
            .AddPolicy(Policies.Staff, p => p.RequireRole(Roles.Agent, Roles.Supervisor, Roles.Admin))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin));
        return services;
    }
}
