using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using RiskTriggers.Host.Hosting;
using RiskTriggers.Host.Security;

namespace RiskTriggers.Host.Delivery;

/// <summary>
/// <c>GET /v1/alerts/stream</c>: alert notices as Server-Sent Events, each with its id. A client sending
/// <c>Last-Event-ID</c> (EventSource does on reconnect) first gets every notice after that id from the replay
/// buffer. Agents get notices of their own alerts only. A client too slow to keep up is disconnected.
/// </summary>
internal static class SseEndpoint
{
    public static RouteGroupBuilder MapAlertStream(this RouteGroupBuilder v1)
    {
        v1.MapGet("/alerts/stream", Stream)
            .RequireApiKey(Policies.Staff)
            .WithTags("Delivery")
            .WithName("StreamAlerts")
            .WithSummary("Live alert notices as Server-Sent Events (text/event-stream); resume with Last-Event-ID")
            .Produces<AlertNotice>(StatusCodes.Status200OK, "text/event-stream")
            // ?lastEventId= that is not a number fails parameter binding.
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return v1;
    }

    private static async Task Stream(
        HttpContext http, AlertFeed feed, IOptions<RiskTriggersOptions> options, IOptions<JsonOptions> json, ILoggerFactory loggers, long? lastEventId)
    {
        var caller = Caller.From(http.User);
        var resumeFrom = ParseLastEventId(http.Request.Headers["Last-Event-ID"]) ?? lastEventId;
        var delivery = options.Value.Delivery;
        using var subscription = feed.Subscribe($"sse:{caller.Name}:{http.Connection.Id}", n => caller.CanSee(n.Record), resumeFrom, delivery.ClientBufferSize);

        http.Response.ContentType = "text/event-stream; charset=utf-8";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var ct = http.RequestAborted;
        var body = http.Response.Body;

        await Write(body, $"retry: 3000\n: connected, last event id {feed.LastId}\n\n", ct);
        if (subscription.Gap)
            await Write(body, $"event: gap\ndata: {{\"after\":{resumeFrom}}}\n\n", ct);
        try
        {
            while (true)
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
                idle.CancelAfter(delivery.KeepAlive);
                bool more;
                try
                {
                    more = await subscription.Reader.WaitToReadAsync(idle.Token);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    await Write(body, ": keep-alive\n\n", ct);
                    continue;
                }
                if (!more)
                    return;
                var text = new StringBuilder();
                while (subscription.Reader.TryRead(out var notice))
                {
                    text.Append("id: ").Append(notice.Id.ToString(CultureInfo.InvariantCulture)).Append('\n')
                        .Append("data: ").Append(JsonSerializer.Serialize(notice, json.Value.SerializerOptions)).Append("\n\n");
                }
                await Write(body, text.ToString(), ct);
            }
        }
        catch (SubscriberOverflowException)
        {
            // Too slow: end the response; the client reconnects with Last-Event-ID and catches up from the buffer.
            loggers.CreateLogger(typeof(SseEndpoint)).LogInformation("SSE client {Caller} on connection {Connection} disconnected: fell behind", caller.Name, http.Connection.Id);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private static async Task Write(Stream body, string text, CancellationToken ct)
    {
        await body.WriteAsync(Encoding.UTF8.GetBytes(text), ct);
        await body.FlushAsync(ct);
    }

    private static long? ParseLastEventId(string? value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
