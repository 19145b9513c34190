using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using RiskTriggers.Host.Security;

namespace RiskTriggers.Host.Operations.OpenApi;

/// <summary>
/// The three ways <see cref="ApiKeyAuthenticationHandler"/> reads a key, as security schemes, and on every operation
/// that requires a policy the roles that policy allows. The roles are read from the registered policies, not
/// written again here, so the document cannot drift from what the host enforces.
/// </summary>
internal sealed class ApiKeySecurityDescription(IAuthorizationPolicyProvider policies) : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string HeaderScheme = "ApiKey";
    public const string BearerScheme = "ApiKeyBearer";
    public const string QueryScheme = "AccessToken";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[HeaderScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = ApiKeyAuthenticationHandler.Header,
            Description = $"An API key from RiskTriggers:ApiKeys. Each key has one role ({string.Join(", ", Roles.All)}); the roles listed " +
                          "on an operation's requirement are alternatives, a key with any one of them may call it. " +
                          "No or an unknown key: 401. A key whose role is not listed: 403.",
        };
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http, Scheme = "bearer",
            Description = "The same API key as a bearer token (SignalR's JavaScript client sends its access token so).",
        };
        document.Components.SecuritySchemes[QueryScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Query, Name = ApiKeyAuthenticationHandler.QueryParameter,
            Description = "The API key as a query parameter, read only on the alert stream and the hub: browsers cannot set headers on EventSource or WebSocket requests.",
        };
        return Task.CompletedTask;
    }

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var required = metadata.OfType<IAuthorizeData>().ToList();
        if (required.Count == 0 || metadata.OfType<IAllowAnonymous>().Any())
            return;
        var roles = await RolesAsync(required);
        var schemes = ApiKeyAuthenticationHandler.AllowsQueryToken("/" + context.Description.RelativePath)
            ? new[] { HeaderScheme, BearerScheme, QueryScheme }
            : [HeaderScheme, BearerScheme];
        operation.Security = [.. schemes.Select(s => new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(s, context.Document)] = roles })];
        var who = $"Roles: {string.Join(", ", roles)}.";
        operation.Description = operation.Description is { Length: > 0 } text ? $"{text}\n\n{who}" : who;
    }

    /// <summary>The roles that pass every policy the endpoint requires (within one policy the roles are alternatives).</summary>
    private async Task<List<string>> RolesAsync(IEnumerable<IAuthorizeData> required)
    {
        var policy = await AuthorizationPolicy.CombineAsync(policies, required);
        IEnumerable<string>? allowed = null;
        foreach (var roles in policy?.Requirements.OfType<RolesAuthorizationRequirement>() ?? [])
            allowed = allowed is null ? roles.AllowedRoles : allowed.Intersect(roles.AllowedRoles);
        return [.. allowed ?? []];
    }
}
