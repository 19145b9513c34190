namespace RiskTriggers.Host.Operations.OpenApi;

/// <summary>
/// The OpenAPI document served at <c>/openapi/v1.json</c>. Operations, bodies and answers come from the endpoints'
/// own metadata (<c>Produces…</c>, <c>Accepts</c>); the transformers add only what metadata cannot say: how keys
/// are sent and which roles each operation takes, and the request examples.
/// </summary>
internal static class OpenApiServices
{
    public const string DocumentPath = "/openapi/v1.json";

    public static IServiceCollection AddRiskTriggersOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "RiskTriggers API";
                document.Info.Description = "Event ingestion, alerts and their lifecycle, live delivery and the settings history of a " +
                    "RiskTriggers host. Every call needs an API key; the roles an operation takes are on its security requirement " +
                    "and in its description. Errors are application/problem+json (RFC 9457). Guide: docs/api.md.";
                return Task.CompletedTask;
            });
            options.AddDocumentTransformer<ApiKeySecurityDescription>();
            options.AddOperationTransformer<ApiKeySecurityDescription>();
            options.AddOperationTransformer<RequestExamples>();
        });
}
