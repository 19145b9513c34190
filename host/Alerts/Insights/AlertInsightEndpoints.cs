using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using RiskTriggers.Host.Security;

namespace RiskTriggers.Host.Alerts.Insights;

/// <summary>
/// What the supervisor's screen and the closed loop read beside the alerts themselves: load per agent, alerts per
/// hour, live precision per rule and the resolved outcomes as JSON lines. Each counts only the alerts the caller may
/// see, so an agent's key gets its own alerts' numbers and nobody else's.
/// </summary>
internal static class AlertInsightEndpoints
{
    public static RouteGroupBuilder MapAlertInsights(this RouteGroupBuilder alerts)
    {
        alerts.MapGet("/load", Load).WithName("GetAgentLoad")
            .WithSummary("Unresolved alerts per agent: open and acknowledged");
        alerts.MapGet("/timeline", Timeline).WithName("GetAlertTimeline")
            .WithSummary($"Alerts per hour by priority as raised, over the last hours (1-{AlertTimeline.MaxHours}, default {AlertTimeline.DefaultHours})")
            .ProducesValidationProblem();
        alerts.MapGet("/precision", Precision).WithName("GetRulePrecision")
            .WithSummary($"Live precision per rule from the outcomes resolved in the last days (1-{PrecisionReport.MaxDays}, default {PrecisionReport.DefaultDays}), with 95% Wilson intervals")
            .ProducesValidationProblem();
        alerts.MapGet("/outcomes", Outcomes).WithName("ExportOutcomes")
            .WithSummary("Resolved outcomes as JSON lines: labels (default) or complaint_filed events for backtests (format=events)")
            .Produces<string>(StatusCodes.Status200OK, OutcomeExport.ContentType)
            .ProducesValidationProblem();
        return alerts;
    }

    private static async Task<Ok<AgentLoadList>> Load(HttpContext http, AlertLifecycle lifecycle) =>
        TypedResults.Ok(new AgentLoadList(AgentLoad.Of(await VisibleAsync(http, lifecycle))));

    private static async Task<Results<Ok<AlertTimeline>, ProblemHttpResult>> Timeline(HttpContext http, AlertLifecycle lifecycle, int? hours)
    {
        if (hours is < 1 or > AlertTimeline.MaxHours)
            return Invalid("hours", $"must be between 1 and {AlertTimeline.MaxHours}");
        return TypedResults.Ok(AlertTimeline.Of(await VisibleAsync(http, lifecycle), lifecycle.Now, hours ?? AlertTimeline.DefaultHours));
    }

    private static async Task<Results<Ok<PrecisionReport>, ProblemHttpResult>> Precision(HttpContext http, AlertLifecycle lifecycle, int? days)
    {
        if (days is < 1 or > PrecisionReport.MaxDays)
            return Invalid("days", $"must be between 1 and {PrecisionReport.MaxDays}");
        return TypedResults.Ok(PrecisionReport.Of(await VisibleAsync(http, lifecycle), lifecycle.Now, days ?? PrecisionReport.DefaultDays));
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> Outcomes(
        HttpContext http, AlertLifecycle lifecycle, IOptions<JsonOptions> json, int? days, string? format)
    {
        if (days is < 1 or > PrecisionReport.MaxDays)
            return Invalid("days", $"must be between 1 and {PrecisionReport.MaxDays}");
        if (!TryFormat(format, out var kind))
            return Invalid("format", "expected labels (one line per resolved alert) or events (complaint_filed events for backtests)");
        var now = lifecycle.Now;
        var since = now - TimeSpan.FromDays(days ?? PrecisionReport.DefaultDays);
        var lines = OutcomeExport.Write(await VisibleAsync(http, lifecycle), since, now, kind, json.Value.SerializerOptions);
        return TypedResults.Text(lines, OutcomeExport.ContentType + "; charset=utf-8");
    }

    private static bool TryFormat(string? format, out OutcomeExportFormat kind)
    {
        kind = format switch
        {
            null or "labels" => OutcomeExportFormat.Labels,
            "events" => OutcomeExportFormat.Events,
            _ => (OutcomeExportFormat)(-1),
        };
        return Enum.IsDefined(kind);
    }

    private static async Task<IReadOnlyList<AlertRecord>> VisibleAsync(HttpContext http, AlertLifecycle lifecycle) =>
        await lifecycle.Book.ListAsync(new AlertQuery(Limit: int.MaxValue, Visible: Caller.From(http.User).CanSee), http.RequestAborted);

    private static ProblemHttpResult Invalid(string field, string message) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Invalid query",
        });
}
