using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RiskTriggers.Engine.Shadow;
using RiskTriggers.Host.Settings;

namespace RiskTriggers.Host.Operations.OpenApi;

/// <summary>
/// What the settings endpoints (<see cref="SettingsEndpoints.MapSettingsApi"/>) answer, as endpoint metadata for the
/// OpenAPI document: operation names, summaries, response codes and the request examples. Applied as a convention
/// on the group the settings API is mapped into, keyed by method and route: a route changed there loses its
/// description here, and OpenApiTests fail on the undescribed operation rather than the document lying.
/// </summary>
internal static class SettingsApiDescription
{
    /// <summary>A document that changes two thresholds; everything else keeps its value.</summary>
    public const string DocumentExample = """{"replyOverdue":{"after":"4m"},"overrides":{"customerTier":{"vip":{"replyOverdue":{"after":"90s"}}}}}""";

    private static readonly Dictionary<(string Method, string Route), Operation> Operations = new()
    {
        [("GET", "/v1/settings")] = new("GetSettings", "The settings version in force: audit record, document as saved, effective document",
            Json<SettingsVersionView>(200)),
        // 201: a save creates a new immutable version, named by Location (/v1/settings/{version}); 200: the document
        // equals the one in force, no version is made and the answer is the version in force.
        [("PUT", "/v1/settings")] = new("SaveSettings", "Save a settings document as the next version (every host uses it within a second); unchanged (200) when it equals the one in force",
            Json<SettingsVersionView>(201), Json<SettingsVersionView>(200), Problem(400)) { Example = DocumentExample },
        [("GET", "/v1/settings/history")] = new("ListSettingsHistory", "Versions newest first, audit records only (?max=, default 50, at most 1000)",
            Json<List<SettingsVersionView>>(200), Problem(400)),
        [("GET", "/v1/settings/{version:int}")] = new("GetSettingsVersion", "One version with its document",
            Json<SettingsVersionView>(200), Problem(404)),
        [("POST", "/v1/settings/rollback/{version:int}")] = new("RollbackSettings", "Save an earlier version's document as the next version; unchanged (200) when it is in force already",
            Json<SettingsVersionView>(201), Json<SettingsVersionView>(200), Problem(404)),
        [("PUT", "/v1/settings/shadow")] = new("StartShadow", "Run a candidate document (the body, or ?version=N) beside the live settings on live traffic",
            Json<ShadowStatus>(200), Problem(400), Problem(404)) { Example = DocumentExample },
        [("DELETE", "/v1/settings/shadow")] = new("StopShadow", "Stop the shadow run",
            new ProducesResponseTypeMetadata(StatusCodes.Status204NoContent, typeof(void)), Problem(404)),
        [("GET", "/v1/settings/shadow/report")] = new("GetShadowReport", "What the shadow run would have alerted, compared with the live settings",
            Json<ShadowRunReport>(200), Problem(400), Problem(404)),
    };

    /// <summary>Describes every settings endpoint mapped into <paramref name="group"/>.</summary>
    public static RouteGroupBuilder DescribeSettingsApi(this RouteGroupBuilder group)
    {
        // Finally: the endpoint's own conventions (its authorization among them) have run by then.
        ((IEndpointConventionBuilder)group).Finally(endpoint =>
        {
            if (endpoint is not RouteEndpointBuilder route || route.Metadata.OfType<HttpMethodMetadata>().FirstOrDefault() is not { } methods)
                return;
            // The group's "" route comes out as "/v1/settings/".
            if (!Operations.TryGetValue((methods.HttpMethods[0], (route.RoutePattern.RawText ?? "").TrimEnd('/')), out var operation))
                return;
            route.Metadata.Add(new EndpointNameMetadata(operation.Name));
            route.Metadata.Add(new EndpointSummaryAttribute(operation.Summary));
            foreach (var answer in operation.Answers)
                route.Metadata.Add(answer);
            if (route.Metadata.OfType<IAuthorizeData>().Any())
            {
                route.Metadata.Add(Problem(StatusCodes.Status401Unauthorized));
                route.Metadata.Add(Problem(StatusCodes.Status403Forbidden));
            }
            if (operation.Example is { } example)
                route.Metadata.Add(new RequestExample("application/json", "thresholds", "Replies overdue after 4m, for VIP customers after 90s; the rest keeps its value", example));
        });
        return group;
    }

    private static ProducesResponseTypeMetadata Json<T>(int status) => new(status, typeof(T), ["application/json"]);

    private static ProducesResponseTypeMetadata Problem(int status) => new(status, typeof(ProblemDetails), ["application/problem+json"]);

    private sealed record Operation(string Name, string Summary, params ProducesResponseTypeMetadata[] Answers)
    {
        public string? Example { get; init; }
    }
}
