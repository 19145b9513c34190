using System.Buffers;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Intake;
using RiskTriggers.Host.Hosting;
using RiskTriggers.Host.Security;

namespace RiskTriggers.Host.Ingestion;

/// <summary>
/// <c>POST /v1/events</c>: one event, a JSON array or NDJSON. Each item is validated on its own; the answer (202)
/// counts what was accepted, what was a duplicate and what was rejected, naming the index, field and reason of
/// every rejection (400 with the same counts when every item was rejected). Each item goes through the HTTP <see cref="EventIntake"/> (validation, <c>occurredAt</c> bounds,
/// event ids remembered across requests, dead letters in the store).
/// </summary>
internal static class EventEndpoints
{
    /// <summary>The source named in the dead letters of this endpoint; the position is the item's index in its batch.</summary>
    public const string Source = "http";

    private static readonly string[] NdjsonTypes = ["application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines"];

    public static RouteGroupBuilder MapEventEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapPost("/events", Ingest)
            .RequireApiKey(Policies.Ingest)
            .WithTags("Ingestion")
            .WithName("IngestEvents")
            .WithSummary("Submit interaction events: one JSON object, a JSON array, or NDJSON")
            .Accepts<EventEnvelope>("application/json", NdjsonTypes)
            .RequireContentType()
            .Produces<IngestResult>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithEventExamples();
        return v1;
    }

    private static async Task<IResult> Ingest(
        HttpContext http, IEventHandOff handOff, EventIntake intake, IOptions<RiskTriggersOptions> options, ILoggerFactory loggers)
    {
        var settings = options.Value;
        var ct = http.RequestAborted;
        var body = await ReadBodyAsync(http, settings.MaxBodyBytes);
        if (body is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request body too large",
                detail: $"The body is larger than the limit of {settings.MaxBodyBytes:N0} bytes; send the events in smaller batches (at most {settings.MaxBatchSize:N0} per request).");

        var batch = EventBatch.Parse(body.Value, IsNdjson(http.Request.ContentType), settings.MaxBatchSize);
        if (batch.Error is { } error)
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unusable request body", detail: error);

        var rejections = new List<ItemRejection>();
        var valid = new List<InteractionEvent>(batch.Items.Count);
        var (rejected, duplicates) = (0, 0);
        for (var index = 0; index < batch.Items.Count; index++)
        {
            var taken = await intake.TakeAsync(batch.Items[index], Source, index, ct);
            switch (taken.Outcome)
            {
                case IntakeOutcome.Accepted:
                    valid.Add(taken.Event!);
                    break;
                case IntakeOutcome.Duplicate:
                    duplicates++;
                    break;
                default:
                    rejected++;
                    var rejection = taken.Rejection!;
                    rejections.AddRange(rejection.Errors.Select(f => new ItemRejection(index, rejection.EventId, f.Field, f.Reason)));
                    break;
            }
        }

        if (valid.Count == 0 && duplicates == 0)
            return NothingUsable(rejected, rejections);

        var handed = await handOff.HandOverAsync(valid, ct);
        if (handed < valid.Count)
        {
            foreach (var refused in valid.Skip(handed))
                intake.Withdraw(refused);
            loggers.CreateLogger(typeof(EventEndpoints)).LogWarning(
                "{Reason}; refused the rest of a batch after {Accepted} accepted", handOff.Refusal.Reason, handed);
            return Refused(http, handOff, handed, duplicates, rejected);
        }
        return TypedResults.Accepted((string?)null, new IngestResult(valid.Count, duplicates, rejected, rejections));
    }

    /// <summary>The body, or null if it is larger than <paramref name="limit"/> bytes.</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpContext http, int limit)
    {
        if (http.Request.ContentLength > limit)
            return null;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
            sizeFeature.MaxRequestBodySize = limit + 1L;
        var buffer = new ArrayBufferWriter<byte>(Math.Min(limit + 1, 64 * 1024));
        try
        {
            while (true)
            {
                var read = await http.Request.Body.ReadAsync(buffer.GetMemory(8 * 1024), http.RequestAborted);
                if (read == 0)
                    return buffer.WrittenMemory;
                buffer.Advance(read);
                if (buffer.WrittenCount > limit)
                    return null;
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
    }

    /// <summary>
    /// 400 when every item was rejected: a 2xx would let a platform that checks only the status believe the batch was
    /// taken. <c>errors</c> names each field as <c>[index].field</c>; the counts and rejections are those of a 202.
    /// </summary>
    private static IResult NothingUsable(int rejected, List<ItemRejection> rejections)
    {
        var errors = rejections.GroupBy(r => $"[{r.Index}].{r.Field}")
            .ToDictionary(g => g.Key, g => g.Select(r => r.Reason).ToArray());
        return TypedResults.ValidationProblem(errors, title: "No event accepted",
            detail: rejected == 1 ? "The event was rejected; see errors." : $"All {rejected} events were rejected; see errors.",
            extensions: new Dictionary<string, object?> { ["accepted"] = 0, ["duplicates"] = 0, ["rejected"] = rejected, ["rejections"] = rejections });
    }

    /// <summary>503: never 202 for what could not be kept; the caller retries the whole batch.</summary>
    private static IResult Refused(HttpContext http, IEventHandOff handOff, int accepted, int duplicates, int rejected)
    {
        var (title, reason, wait) = handOff.Refusal;
        var retryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        http.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: title,
            detail: $"{char.ToUpperInvariant(reason[0])}{reason[1..]}; {accepted} events of this batch were accepted first. " +
                    $"Retry the whole batch after {retryAfter}s: events already accepted will be reported as duplicates.",
            extensions: new Dictionary<string, object?> { ["accepted"] = accepted, ["duplicates"] = duplicates, ["rejected"] = rejected });
    }

    private static bool IsNdjson(string? contentType) =>
        contentType is not null && NdjsonTypes.Any(t => contentType.StartsWith(t, StringComparison.OrdinalIgnoreCase));
}

/// <summary>The answer to <c>POST /v1/events</c>.</summary>
public sealed record IngestResult(int Accepted, int Duplicates, int Rejected, IReadOnlyList<ItemRejection> Rejections);

/// <summary>Why one item of a batch was refused: its zero-based index, its event id if readable, the field and the reason.</summary>
public sealed record ItemRejection(int Index, string? EventId, string Field, string Reason);
