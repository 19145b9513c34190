using System.Text;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Engine.Settings.History;
using RiskTriggers.Engine.Shadow;
using RiskTriggers.Host.Hosting;
using RiskTriggers.Host.Security;

namespace RiskTriggers.Host.Settings;

/// <summary>
/// The settings API under <c>/v1/settings</c>, for the admin role: the current version, a change (validated,
/// audited, hot-reloaded by every host), the history, one version, rollback, and shadow mode.
/// </summary>
public static class SettingsEndpoints
{
    /// <summary>The authorization policy the endpoints require by default: the admin role.</summary>
    public const string AdminPolicy = Policies.Admin;

    /// <summary>Who made a change when the caller's identity has no name.</summary>
    public const string AuthorHeader = "X-Author";

    /// <summary>Why a change was made, when there is no <c>?comment=</c>.</summary>
    public const string CommentHeader = "X-Comment";

    /// <summary>Default and maximum number of versions <c>GET /v1/settings/history</c> lists.</summary>
    public const int DefaultHistory = 50, MaxHistory = 1000;

    public static IEndpointRouteBuilder MapSettingsApi(this IEndpointRouteBuilder endpoints, string policy = AdminPolicy)
    {
        var settings = endpoints.MapGroup("/v1/settings").RequireAuthorization(policy).WithTags("Settings");
        settings.MapGet("", GetCurrent);
        settings.MapPut("", Save).Accepts<object>("application/json").RequireContentType();
        settings.MapGet("/history", History);
        settings.MapGet("/{version:int}", GetVersion);
        settings.MapPost("/rollback/{version:int}", Rollback);
        settings.MapPut("/shadow", StartShadow).Accepts<object>("application/json").RequireContentType();
        settings.MapDelete("/shadow", StopShadow);
        settings.MapGet("/shadow/report", ShadowReport);
        return endpoints;
    }

    private static async Task<IResult> GetCurrent(ISettingsStore store, CancellationToken ct) =>
        TypedResults.Ok(SettingsVersionView.Of(await store.CurrentAsync(ct)));

    private static async Task<IResult> Save(HttpContext http, ISettingsStore store, string? comment, CancellationToken ct)
    {
        var body = await ReadBodyAsync(http.Request, ct);
        if (string.IsNullOrWhiteSpace(body))
            return Invalid(["$: the body must be a settings document (JSON object)"]);
        try
        {
            return Saved(await store.SaveAsync(body, Author(http), Comment(http, comment), ct));
        }
        catch (SettingsException ex)
        {
            return Invalid(ex.Errors);
        }
    }

    private static async Task<IResult> History(ISettingsStore store, int? max, CancellationToken ct)
    {
        var count = max ?? DefaultHistory;
        if (count is < 1 or > MaxHistory)
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid max",
                detail: $"max must be between 1 and {MaxHistory}, was {count}");
        var history = await store.HistoryAsync(count, ct);
        return TypedResults.Ok(history.Select(SettingsVersionView.AuditOf).ToList());
    }

    private static async Task<IResult> GetVersion(ISettingsStore store, int version, CancellationToken ct) =>
        await store.GetAsync(version, ct) is { } revision ? TypedResults.Ok(SettingsVersionView.Of(revision)) : NoSuchVersion(version);

    private static async Task<IResult> Rollback(HttpContext http, ISettingsStore store, int version, string? comment, CancellationToken ct)
    {
        try
        {
            return Saved(await store.RollbackAsync(version, Author(http), Comment(http, comment), ct));
        }
        catch (KeyNotFoundException)
        {
            return NoSuchVersion(version);
        }
    }

    /// <summary>201 and the new version's Location; 200 and the version in force when nothing changed (no version made).</summary>
    private static IResult Saved(SettingsSaveResult result) => result.Unchanged
        ? TypedResults.Ok(SettingsVersionView.Of(result.Revision))
        : TypedResults.Created($"/v1/settings/{result.Revision.Version}", SettingsVersionView.Of(result.Revision));

    /// <summary>Shadows the document in the body, or with <c>?version=N</c> a stored version.</summary>
    private static async Task<IResult> StartShadow(HttpContext http, ISettingsStore store, ShadowRun shadow, int? version, CancellationToken ct)
    {
        if (version is { } v)
        {
            if (await store.GetAsync(v, ct) is not { } revision)
                return NoSuchVersion(v);
            return TypedResults.Ok(shadow.Start(revision.ToSettings()));
        }
        var body = await ReadBodyAsync(http.Request, ct);
        if (string.IsNullOrWhiteSpace(body))
            return Invalid(["$: the body must be a settings document (JSON object), or pass ?version=N"]);
        try
        {
            return TypedResults.Ok(shadow.Start(RiskSettings.Parse(body), "unsaved document"));
        }
        catch (SettingsException ex)
        {
            return Invalid(ex.Errors);
        }
    }

    private static IResult StopShadow(ShadowRun shadow) => shadow.Stop() ? TypedResults.NoContent() : NoShadow();

    private static IResult ShadowReport(ShadowRun shadow, int? examples)
    {
        var count = examples ?? Engine.Shadow.ShadowReport.DefaultExamples;
        if (count is < 0 or > 100)
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid examples",
                detail: $"examples must be between 0 and 100, was {count}");
        return shadow.Report(count) is { } report ? TypedResults.Ok(report) : NoShadow();
    }

    /// <summary>The authenticated caller's name, else the X-Author header, else "anonymous".</summary>
    private static string Author(HttpContext http)
    {
        if (http.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name })
            return name;
        var header = http.Request.Headers[AuthorHeader].ToString();
        return string.IsNullOrWhiteSpace(header) ? "anonymous" : header.Trim();
    }

    private static string Comment(HttpContext http, string? query) =>
        !string.IsNullOrWhiteSpace(query) ? query : http.Request.Headers[CommentHeader].ToString();

    private static async Task<string> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(ct);
    }

    private static IResult Invalid(IReadOnlyList<string> errors) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid settings",
            detail: $"The settings document was refused ({errors.Count} error{(errors.Count == 1 ? "" : "s")}); nothing was saved.",
            extensions: new Dictionary<string, object?> { ["errors"] = errors });

    private static IResult NoSuchVersion(int version) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such settings version",
            detail: $"settings version {version} does not exist");

    private static IResult NoShadow() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No shadow running",
            detail: "Start one with PUT /v1/settings/shadow (a settings document, or ?version=N).");
}
