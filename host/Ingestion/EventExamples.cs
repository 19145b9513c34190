using Microsoft.OpenApi;
using RiskTriggers.Host.Operations.OpenApi;

namespace RiskTriggers.Host.Ingestion;

/// <summary>
/// The body of <c>POST /v1/events</c> in the OpenAPI document: its three shapes and an example of each. The examples
/// are lines of <c>samples/events.jsonl</c> (interaction ix-00006), so what they raise is what a replay of the sample
/// shows (docs/api.md).
/// </summary>
internal static class EventExamples
{
    public const string Started = """{"eventId":"evt-000027","type":"interaction_started","occurredAt":"2026-11-24T08:07:58+00:00","interactionId":"ix-00006","customerId":"cust-0009","channel":"chat","customerTier":"standard"}""";
    public const string Queued = """{"eventId":"evt-000029","type":"queue_entered","occurredAt":"2026-11-24T08:08:15+00:00","interactionId":"ix-00006","customerId":"cust-0009","channel":"chat","queue":"sales","customerTier":"standard"}""";
    public const string Assigned = """{"eventId":"evt-000031","type":"agent_assigned","occurredAt":"2026-11-24T08:08:35+00:00","interactionId":"ix-00006","customerId":"cust-0009","channel":"chat","queue":"sales","agentId":"agent-07","customerTier":"standard"}""";
    public const string Frustrated = """{"eventId":"evt-000034","type":"customer_message","occurredAt":"2026-11-24T08:08:51+00:00","interactionId":"ix-00006","customerId":"cust-0009","channel":"chat","queue":"sales","customerTier":"standard","text":"怎么回事，快递一周了还没送到"}""";
    public const string Reply = """{"eventId":"evt-000039","type":"agent_message","occurredAt":"2026-11-24T08:09:43+00:00","interactionId":"ix-00006","customerId":"cust-0009","channel":"chat","queue":"sales","agentId":"agent-07","customerTier":"standard","text":"您好，我帮您查一下"}""";
    public const string Threat = """{"eventId":"evt-000042","type":"customer_message","occurredAt":"2026-11-24T08:10:08+00:00","interactionId":"ix-00006","customerId":"cust-0009","channel":"chat","queue":"sales","customerTier":"standard","text":"快递一周了还没送到，我已经咨询了律师"}""";

    public static RouteHandlerBuilder WithEventExamples(this RouteHandlerBuilder endpoint) => endpoint
        .WithRequestExample("application/json", "one", "One event: a frustrated customer message (P3 to the agent)", Frustrated)
        .WithRequestExample("application/json", "batch", "A batch: an interaction starts, queues, gets an agent, the customer complains",
            $"[{Started},{Queued},{Assigned},{Frustrated}]")
        .WithRequestExample("application/x-ndjson", "lines", "NDJSON: the agent replies, the customer threatens a lawyer (P1 to the supervisor)",
            $"{Reply}\n{Threat}\n")
        .AddOpenApiOperationTransformer((operation, _, _) =>
        {
            // Accepts<EventEnvelope> can name only one schema; the endpoint takes an object, an array or NDJSON text.
            if (operation.RequestBody?.Content is { } content)
            {
                var one = content["application/json"].Schema!;
                content["application/json"].Schema = new OpenApiSchema
                {
                    OneOf = [one, new OpenApiSchema { Type = JsonSchemaType.Array, Items = one, MinItems = 1 }],
                };
                content["application/x-ndjson"].Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.String, Description = "One event object per line; blank lines are skipped.",
                };
            }
            return Task.CompletedTask;
        });
}
