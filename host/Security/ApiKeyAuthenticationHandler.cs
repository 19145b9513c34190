using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using RiskTriggers.Host.Hosting;

namespace RiskTriggers.Host.Security;

/// <summary>
/// Authenticates the <c>X-Api-Key</c> header against the configured keys. Browsers cannot set headers on
/// EventSource or WebSocket requests, so the push endpoints also take <c>?access_token=</c>.
/// Failures answer problem+json: 401 for a missing or unknown key, 403 for a role that may not call the endpoint.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<RiskTriggersOptions> hostOptions,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";
    public const string QueryParameter = "access_token";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = PresentedKey();
        if (presented is null)
            return Task.FromResult(AuthenticateResult.NoResult());
        var key = hostOptions.CurrentValue.ApiKeys.FirstOrDefault(k => FixedTimeEquals(k.Key, presented));
        if (key is null)
            return Task.FromResult(AuthenticateResult.Fail("unknown API key"));

        var claims = new List<Claim> { new(ClaimTypes.Role, key.Role), new(ClaimTypes.Name, key.AgentId ?? key.Role) };
        if (key.AgentId is not null)
            claims.Add(new Claim(Caller.AgentIdClaim, key.AgentId));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        WriteProblem(StatusCodes.Status401Unauthorized, "API key required",
            PresentedKey() is null
                ? $"Send an API key in the {Header} header (or ?{QueryParameter}= for the stream and hub)."
                : "The API key is not known.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblem(StatusCodes.Status403Forbidden, "Role not allowed",
            $"A key with role '{Caller.From(Context.User).Role}' may not call {Request.Method} {Request.Path}.");

    private Task WriteProblem(int status, string title, string detail)
    {
        Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized)
            Response.Headers.WWWAuthenticate = SchemeName;
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }

    private string? PresentedKey()
    {
        if (Request.Headers.TryGetValue(Header, out var header) && !string.IsNullOrEmpty(header))
            return header.ToString();
        // SignalR's JavaScript client sends its access token as a bearer token on negotiate.
        if (Request.Headers.Authorization.ToString() is { } auth && auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return auth["Bearer ".Length..].Trim();
        return AllowsQueryToken(Request.Path) && Request.Query.TryGetValue(QueryParameter, out var token) && !string.IsNullOrEmpty(token)
            ? token.ToString()
            : null;
    }

    /// <summary>The paths browsers open without custom headers (EventSource, WebSocket), where <c>?access_token=</c> is read.</summary>
    public static bool AllowsQueryToken(PathString path) =>
        path.StartsWithSegments("/v1/alerts/stream") || path.StartsWithSegments("/hubs/alerts");

    private static bool FixedTimeEquals(string expected, string presented) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(expected), System.Text.Encoding.UTF8.GetBytes(presented));
}
