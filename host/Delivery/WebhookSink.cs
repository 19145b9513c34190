using System.Net.Http.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using RiskTriggers.Engine.Alerts;
using RiskTriggers.Host.Hosting;
using RiskTriggers.Host.Operations;

namespace RiskTriggers.Host.Delivery;

/// <summary>
/// Optional (off unless a URL is configured): POSTs each notice as JSON to the webhook URL of its alert's
/// audience, retrying with doubling waits. Only notices made on this host: one host adds an alert to the book, so with
/// several hosts each alert is posted once. Its queue is a bounded feed subscription; if it falls behind it
/// resumes from the replay buffer. A notice that fails every attempt is logged and counted, then skipped.
/// </summary>
internal sealed class WebhookSink(
    AlertFeed feed,
    IHttpClientFactory clients,
    IOptions<RiskTriggersOptions> options,
    IOptions<JsonOptions> json,
    TimeProvider time,
    RiskMetrics metrics,
    ILogger<WebhookSink> logger) : BackgroundService
{
    public const string ClientName = "webhooks";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var webhooks = options.Value.Delivery.Webhooks;
        if (!webhooks.Enabled)
            return;
        logger.LogInformation("Webhooks on: agent alerts to {AgentUrl}, supervisor alerts to {SupervisorUrl}", webhooks.AgentUrl ?? "(none)", webhooks.SupervisorUrl ?? "(none)");
        long? last = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            using var subscription = feed.Subscribe("webhooks", n => n.MadeHere && UrlFor(n, webhooks) is not null, last, webhooks.QueueCapacity);
            try
            {
                await foreach (var notice in subscription.Reader.ReadAllAsync(stoppingToken))
                {
                    last = notice.Id;
                    await PostAsync(notice, UrlFor(notice, webhooks)!, webhooks, stoppingToken);
                }
            }
            catch (SubscriberOverflowException)
            {
                logger.LogWarning("Webhook delivery fell behind; resuming after notice {Id}", last);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            last ??= 0;
        }
    }

    private async Task PostAsync(AlertNotice notice, string url, WebhookOptions webhooks, CancellationToken ct)
    {
        var client = clients.CreateClient(ClientName);
        var delay = webhooks.FirstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            string failure;
            try
            {
                using var response = await client.PostAsJsonAsync(url, notice, json.Value.SerializerOptions, ct);
                if (response.IsSuccessStatusCode)
                    return;
                failure = $"HTTP {(int)response.StatusCode}";
            }
            catch (HttpRequestException ex)
            {
                failure = ex.Message;
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                failure = "timed out";
            }
            if (attempt >= webhooks.MaxAttempts)
            {
                metrics.WebhookFailed();
                logger.LogError("Webhook {Url} refused notice {Id} of alert {AlertId} {Attempts} times (last: {Failure}); giving up",
                    url, notice.Id, notice.Alert.AlertId, attempt, failure);
                return;
            }
            logger.LogWarning("Webhook {Url} failed for notice {Id} ({Failure}); retry {Attempt} in {Delay}", url, notice.Id, failure, attempt, delay);
            await Task.Delay(delay, time, ct);
            delay *= 2;
        }
    }

    private static string? UrlFor(AlertNotice notice, WebhookOptions webhooks) =>
        notice.Record.Audience == Audience.Agent ? webhooks.AgentUrl : webhooks.SupervisorUrl;
}
