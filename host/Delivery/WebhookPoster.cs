using System.Net.Http.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using RiskTriggers.Engine.Alerts;
using RiskTriggers.Host.Hosting;
using RiskTriggers.Host.Operations;

namespace RiskTriggers.Host.Delivery;

/// <summary>
/// POSTs one notice as JSON to the webhook URL of its alert's audience, retrying with doubling waits. Each post carries
/// <c>Idempotency-Key: {alertId}:{change}</c>: an alert is raised, acknowledged, escalated and resolved at most once
/// each, so the key names one change, and a receiver that sees it twice (at-least-once, see the outbox) drops the copy.
/// </summary>
internal sealed class WebhookPoster(
    IHttpClientFactory clients,
    IOptions<RiskTriggersOptions> options,
    IOptions<JsonOptions> json,
    TimeProvider time,
    RiskMetrics metrics,
    ILogger<WebhookPoster> logger)
{
    public const string ClientName = "webhooks";
    public const string IdempotencyHeader = "Idempotency-Key";

    private WebhookOptions Webhooks => options.Value.Delivery.Webhooks;

    /// <summary>Where this notice goes; null when its audience has no webhook.</summary>
    public string? UrlFor(AlertNotice notice) =>
        notice.Record.Audience == Audience.Agent ? Webhooks.AgentUrl : Webhooks.SupervisorUrl;

    /// <summary>Posts until accepted or <see cref="WebhookOptions.MaxAttempts"/> fail (logged, counted, then given up).</summary>
    public async Task PostAsync(AlertNotice notice, string url, CancellationToken ct)
    {
        var client = clients.CreateClient(ClientName);
        var delay = Webhooks.FirstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            var failure = await TryPostAsync(client, notice, url, ct);
            if (failure is null)
                return;
            if (attempt >= Webhooks.MaxAttempts)
            {
                metrics.WebhookFailed();
                logger.LogError("Webhook {Url} refused notice {Change} of alert {AlertId} {Attempts} times (last: {Failure}); giving up",
                    url, notice.Change, notice.Alert.AlertId, attempt, failure);
                return;
            }
            logger.LogWarning("Webhook {Url} failed for {Change} of alert {AlertId} ({Failure}); retry {Attempt} in {Delay}",
                url, notice.Change, notice.Alert.AlertId, failure, attempt, delay);
            await Task.Delay(delay, time, ct);
            delay *= 2;
        }
    }

    /// <returns>Null when accepted, else why not.</returns>
    private async Task<string?> TryPostAsync(HttpClient client, AlertNotice notice, string url, CancellationToken ct)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = JsonContent.Create(notice, options: json.Value.SerializerOptions),
            };
            request.Headers.Add(IdempotencyHeader, $"{notice.Alert.AlertId}:{notice.Change}");
            using var response = await client.SendAsync(request, ct);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (HttpRequestException ex)
        {
            return ex.Message;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return "timed out";
        }
    }
}
