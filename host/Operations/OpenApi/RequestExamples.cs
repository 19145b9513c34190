using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RiskTriggers.Host.Operations.OpenApi;

/// <summary>An example request body, carried as endpoint metadata into the OpenAPI document.</summary>
/// <param name="ContentType">One of the body types the endpoint accepts; the document generation fails on any other, so an example cannot outlive its body type.</param>
/// <param name="Body">JSON for a JSON type, otherwise the text as sent (e.g. NDJSON lines).</param>
internal sealed record RequestExample(string ContentType, string Name, string Summary, string Body)
{
    /// <summary>application/json or a +json type; NDJSON is text (one JSON value per line, not one JSON value).</summary>
    public bool IsJson => ContentType == "application/json" || ContentType.EndsWith("+json", StringComparison.Ordinal);
}

/// <summary>Puts each <see cref="RequestExample"/> of an endpoint under its body type in the operation.</summary>
internal sealed class RequestExamples : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var example in context.Description.ActionDescriptor.EndpointMetadata.OfType<RequestExample>())
        {
            if (operation.RequestBody?.Content is not { } content || !content.TryGetValue(example.ContentType, out var media))
                throw new InvalidOperationException($"{operation.OperationId}: example '{example.Name}' is for {example.ContentType}, which the endpoint does not accept");
            media.Examples ??= new Dictionary<string, IOpenApiExample>();
            media.Examples[example.Name] = new OpenApiExample
            {
                Summary = example.Summary,
                Value = example.IsJson ? JsonNode.Parse(example.Body) : JsonValue.Create(example.Body),
            };
        }
        return Task.CompletedTask;
    }
}

internal static class RequestExampleExtensions
{
    public static TBuilder WithRequestExample<TBuilder>(this TBuilder builder, string contentType, string name, string summary, string body)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequestExample(contentType, name, summary, body));
}
