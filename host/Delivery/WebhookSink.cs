using Microsoft.Extensions.Options;
using RiskTriggers.Host.Hosting;
using RiskTriggers.Host.Streams;

namespace RiskTriggers.Host.Delivery;

/// <summary>
/// Optional (off unless a URL is configured): posts every notice to its audience's webhook. With Redis, from the
/// outbox any host drains (<see cref="WebhookOutbox"/>: survives a host's death, at-least-once). Embedded (one host,
/// nothing to survive into): from a bounded subscription to this host's feed, which resumes from the replay buffer if
/// it falls behind.
/// </summary>
internal sealed class WebhookSink(
    AlertFeed feed,
    WebhookPoster poster,
    IOptions<RiskTriggersOptions> options,
    IOptions<RedisOptions> redis,
    IServiceProvider services,
    ILogger<WebhookSink> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var webhooks = options.Value.Delivery.Webhooks;
        if (!webhooks.Enabled)
            return;
        logger.LogInformation("Webhooks on: agent alerts to {AgentUrl}, supervisor alerts to {SupervisorUrl}", webhooks.AgentUrl ?? "(none)", webhooks.SupervisorUrl ?? "(none)");
        if (redis.Value.Enabled)
            await ActivatorUtilities.CreateInstance<WebhookOutbox>(services).DrainAsync(stoppingToken);
        else
            await FollowFeedAsync(webhooks, stoppingToken);
    }

    private async Task FollowFeedAsync(WebhookOptions webhooks, CancellationToken stoppingToken)
    {
        long? last = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            using var subscription = feed.Subscribe("webhooks", n => poster.UrlFor(n) is not null, last, webhooks.QueueCapacity);
            try
            {
                await foreach (var notice in subscription.Reader.ReadAllAsync(stoppingToken))
                {
                    last = notice.Id;
                    await poster.PostAsync(notice, poster.UrlFor(notice)!, stoppingToken);
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
}
