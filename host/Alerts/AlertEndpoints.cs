using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using RiskTriggers.Engine.Alerts;
using RiskTriggers.Host.Alerts.Insights;
using RiskTriggers.Host.Operations.OpenApi;
using RiskTriggers.Host.Security;

namespace RiskTriggers.Host.Alerts;

/// <summary>
/// <c>/v1/alerts</c>: list, get, acknowledge, resolve. Agents only ever see alerts on their own interactions;
/// anybody else's alert id answers 404, exactly as an unknown id does, so ids do not leak.
/// </summary>
internal static class AlertEndpoints
{
    public const int MaxLimit = 1_000;

    public static RouteGroupBuilder MapAlertEndpoints(this RouteGroupBuilder v1)
    {
        // An agent's key sees only alerts on its own interactions: any other id answers 404 (the documented "not found").
        var alerts = v1.MapGroup("/alerts").RequireApiKey(Policies.Staff).WithTags("Alerts");
        alerts.MapGet("/", List).WithName("ListAlerts").WithSummary("Alerts, most urgent first, newest first within a priority")
            .ProducesValidationProblem();
        alerts.MapGet("/{id}", Get).WithName("GetAlert").WithSummary("One alert with its evidence and history")
            .ProducesProblem(StatusCodes.Status404NotFound);
        alerts.MapPost("/{id}/ack", Acknowledge).WithName("AcknowledgeAlert").WithSummary("Acknowledge an open alert (again: no change)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        alerts.MapPost("/{id}/resolve", Resolve).WithName("ResolveAlert")
            .WithSummary("Resolve an alert with its outcome (prevented, falseAlarm or complaintFollowed) and an optional note")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithRequestExample("application/json", "prevented", "The risk was real and handling it kept the customer from complaining",
                """{"outcome":"prevented","note":"called the customer back, parcel re-sent"}""");
        alerts.MapAlertInsights();
        return v1;
    }

    private static async Task<Results<Ok<AlertList>, ProblemHttpResult>> List(
        HttpContext http, AlertLifecycle lifecycle, string? status, string? priority, string? queue, string? agentId, int? limit)
    {
        var errors = new Dictionary<string, string[]>();
        AlertStatus? statusFilter = null;
        Priority? priorityFilter = null;
        if (status is not null)
        {
            if (Enum.TryParse<AlertStatus>(status, ignoreCase: true, out var s) && !int.TryParse(status, out _)) statusFilter = s;
            else errors["status"] = ["expected open, acknowledged or resolved"];
        }
        if (priority is not null)
        {
            if (Enum.TryParse<Priority>(priority, ignoreCase: true, out var p) && !int.TryParse(priority, out _)) priorityFilter = p;
            else errors["priority"] = ["expected P1, P2, P3 or P4"];
        }
        if (limit is < 1 or > MaxLimit)
            errors["limit"] = [$"must be between 1 and {MaxLimit}"];
        if (errors.Count > 0)
            return TypedResults.Problem(new HttpValidationProblemDetails(errors) { Status = 400, Title = "Invalid alert filter" });

        var caller = Caller.From(http.User);
        var found = await lifecycle.Book.ListAsync(
            new AlertQuery(statusFilter, priorityFilter, queue, agentId, limit ?? 100, caller.CanSee), http.RequestAborted);
        return TypedResults.Ok(new AlertList(found.Count, [.. found.Select(AlertView.From)], lifecycle.Now));
    }

    private static async Task<Results<Ok<AlertView>, ProblemHttpResult>> Get(HttpContext http, AlertLifecycle lifecycle, string id)
    {
        var record = await lifecycle.Book.GetAsync(id, http.RequestAborted);
        return record is not null && Caller.From(http.User).CanSee(record)
            ? TypedResults.Ok(AlertView.From(record))
            : NotFound(id);
    }

    private static async Task<Results<Ok<AlertView>, ProblemHttpResult>> Acknowledge(HttpContext http, AlertLifecycle lifecycle, string id)
    {
        var caller = Caller.From(http.User);
        if (!await Visible(http, lifecycle, id, caller))
            return NotFound(id);
        return Answer(await lifecycle.AcknowledgeAsync(id, caller.Name, http.RequestAborted), id, "acknowledged");
    }

    private static async Task<Results<Ok<AlertView>, ProblemHttpResult>> Resolve(
        HttpContext http, AlertLifecycle lifecycle, string id, [FromBody] ResolveRequest? body)
    {
        var caller = Caller.From(http.User);
        if (!await Visible(http, lifecycle, id, caller))
            return NotFound(id);
        if (body.Problem() is { } problem)
            return TypedResults.Problem(problem);
        AlertOutcomes.TryParse(body!.Outcome, out var outcome);
        return Answer(await lifecycle.ResolveAsync(id, caller.Name, outcome, body.TrimmedNote, http.RequestAborted), id, "resolved");
    }

    private static async Task<bool> Visible(HttpContext http, AlertLifecycle lifecycle, string id, Caller caller) =>
        await lifecycle.Book.GetAsync(id, http.RequestAborted) is { } record && caller.CanSee(record);

    private static Results<Ok<AlertView>, ProblemHttpResult> Answer(AlertChange change, string id, string verb) => change.Outcome switch
    {
        AlertChangeOutcome.NotFound => NotFound(id),
        AlertChangeOutcome.AlreadyResolved => TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict, title: "Alert already resolved",
            detail: $"Alert '{id}' was resolved ({change.Record!.Outcome?.WireName()}); it cannot be {verb} again."),
        _ => TypedResults.Ok(AlertView.From(change.Record!)),
    };

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Alert not found", detail: $"No alert '{id}' is visible to this key.");
}

/// <param name="AsOf">The host's "now" when the list was taken: countdowns to <c>escalatesAt</c> count from it, not from the reader's clock.</param>
public sealed record AlertList(int Count, IReadOnlyList<AlertView> Alerts, DateTimeOffset AsOf);
