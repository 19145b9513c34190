using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing.Template;

namespace RiskTriggers.Host.Hosting;

/// <summary>
/// Every error is problem+json with a detail that says what to do, the answers the framework writes without a
/// body of its own included: unknown route (404), wrong method (405), missing or wrong Content-Type (415), a
/// failed request (500); and query values or bodies that cannot be read are 400 naming the field, in every
/// environment (<see cref="BadRequestProblems"/>).
/// </summary>
internal static class HttpProblems
{
    public static IServiceCollection AddHttpProblems(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = Explain);
        services.AddExceptionHandler<BadRequestProblems>();
        // Only the exception tells which parameter failed and why; without it Production answers a bare 400 and
        // Development a 500, so both throw and BadRequestProblems answers.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>
    /// Refuses a body sent without a Content-Type (415), as routing refuses one of a wrong type: routing checks
    /// the accepted types only when a type is sent.
    /// </summary>
    public static RouteHandlerBuilder RequireContentType(this RouteHandlerBuilder endpoint) =>
        endpoint.AddEndpointFilter(async (context, next) =>
            string.IsNullOrEmpty(context.HttpContext.Request.ContentType)
            && context.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true
                ? TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType)
                : await next(context));

    private static void Explain(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Detail is not null)
            return; // an endpoint's own answer
        var http = context.HttpContext;
        var request = $"{http.Request.Method} {http.Request.Path}";
        (problem.Title, problem.Detail) = problem.Status switch
        {
            StatusCodes.Status404NotFound => ("No such endpoint",
                $"Nothing answers {request}. The API is under /v1 (GET /openapi/v1.json lists every endpoint); the dashboard is at /."),
            StatusCodes.Status405MethodNotAllowed => ("Method not allowed",
                $"{http.Request.Path} does not take {http.Request.Method}; use {OneOf(http.Response.Headers.Allow.ToString().Split(", "))}."),
            StatusCodes.Status415UnsupportedMediaType => ("Unsupported Content-Type",
                $"{request} takes a body with Content-Type {OneOf(AcceptedTypes(http))}; " +
                (string.IsNullOrEmpty(http.Request.ContentType) ? "the request sent none." : $"the request sent {http.Request.ContentType}.")),
            StatusCodes.Status413PayloadTooLarge => ("Request body too large", "The body is larger than this endpoint accepts; send less."),
            StatusCodes.Status500InternalServerError => ("The request failed",
                "Something failed on the server, not in the request; it is logged with this traceId. Retry, and report the traceId if it goes on."),
            _ => (problem.Title, null),
        };
    }

    private static string OneOf(IEnumerable<string> choices) =>
        choices.ToList() is [.. var first, var last] && first.Count > 0 ? $"{string.Join(", ", first)} or {last}" : string.Join("", choices);

    private static IEnumerable<string> AcceptedTypes(HttpContext http)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>() is { ContentTypes.Count: > 0 } accepts)
            return accepts.ContentTypes;
        // Routing answers a wrong type with an endpoint of its own: find the endpoints the path and method meant.
        var found = new RouteValueDictionary();
        return http.RequestServices.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(http.Request.Method) == true
                        && new TemplateMatcher(new RouteTemplate(e.RoutePattern), []).TryMatch(http.Request.Path, found))
            .SelectMany(e => e.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes ?? [])
            .Distinct()
            .DefaultIfEmpty("application/json");
    }
}
