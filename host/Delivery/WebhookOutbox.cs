using Microsoft.Extensions.Options;
using RiskTriggers.Host.Alerts;
using RiskTriggers.Host.Hosting;
using RiskTriggers.Host.Streams;
using StackExchange.Redis;

namespace RiskTriggers.Host.Delivery;

/// <summary>
/// With Redis, the webhook outbox is the book's change stream read by one consumer group
/// (<see cref="RedisAlertBookKeys.WebhookGroup"/>): a change is in the outbox from the moment it is in the book (the
/// same script writes both), every host with webhooks drains it, and an entry is acknowledged only after its post
/// succeeded or gave up. An entry a host took and did not acknowledge (it died mid-post) is claimed by another host
/// once it has been idle for <see cref="WebhookOptions.ClaimAfter"/>. So webhooks are at-least-once, not exactly once:
/// a host dying after the receiver accepted a post but before acknowledging it has that post sent again, with the same
/// <c>Idempotency-Key</c>.
/// </summary>
internal sealed partial class WebhookOutbox(
    IConnectionMultiplexer redis,
    IAlertBook book,
    WebhookPoster poster,
    IOptions<RedisOptions> redisOptions,
    IOptions<RiskTriggersOptions> options,
    ILogger<WebhookOutbox> logger)
{
    private const int BatchSize = 10;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    private readonly RedisKey _changes = new RedisAlertBookKeys(redisOptions.Value.KeyPrefix).Changes;
    private readonly string _consumer = ((RedisAlertBook)book).Host;

    private IDatabase Db => redis.GetDatabase();

    public async Task DrainAsync(CancellationToken ct)
    {
        var claimAfter = (long)options.Value.Delivery.Webhooks.ClaimAfter.TotalMilliseconds;
        var ready = false;
        while (!ct.IsCancellationRequested)
        {
            var busy = false;
            try
            {
                ready = ready || await CreateGroupAsync();
                var claimed = await Db.StreamAutoClaimAsync(_changes, RedisAlertBookKeys.WebhookGroup, _consumer, claimAfter, "0-0", BatchSize);
                if (claimed.DeletedIds.Length > 0) // trimmed before anyone posted them: nothing left to send
                    await Db.StreamAcknowledgeAsync(_changes, RedisAlertBookKeys.WebhookGroup, claimed.DeletedIds);
                var fresh = await Db.StreamReadGroupAsync(_changes, RedisAlertBookKeys.WebhookGroup, _consumer, ">", BatchSize);
                foreach (var entry in claimed.ClaimedEntries.Concat(fresh))
                    await SendAsync(entry, ct);
                busy = claimed.ClaimedEntries.Length > 0 || fresh.Length > 0;
            }
            catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
            {
                LogDrainFailed(ex.Message); // unacknowledged entries stay in the outbox
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return; // mid-post: not acknowledged, so another host (or this one restarted) claims it
            }
            if (!busy && !await PauseAsync(ct))
                return;
        }
    }

    private async Task SendAsync(StreamEntry entry, CancellationToken ct)
    {
        if (RedisAlertBook.ReadChange(entry) is not { } change)
        {
            LogUnreadableChange(entry.Id!); // acknowledged unsent: retrying cannot make it readable
            await Db.StreamAcknowledgeAsync(_changes, RedisAlertBookKeys.WebhookGroup, entry.Id);
            return;
        }
        // Ids are each host's own; a webhook names the change by its Idempotency-Key instead.
        var notice = new AlertNotice(0, change.Change, AlertView.From(change.Record)) { Record = change.Record };
        if (poster.UrlFor(notice) is { } url)
            await poster.PostAsync(notice, url, ct);
        await Db.StreamAcknowledgeAsync(_changes, RedisAlertBookKeys.WebhookGroup, entry.Id);
    }

    /// <summary>From the newest change on when no host had made the group yet: webhooks start when first switched on.</summary>
    private async Task<bool> CreateGroupAsync()
    {
        try
        {
            await Db.StreamCreateConsumerGroupAsync(_changes, RedisAlertBookKeys.WebhookGroup, StreamPosition.NewMessages, createStream: true);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
        }
        return true;
    }

    private static async Task<bool> PauseAsync(CancellationToken ct)
    {
        try
        {
            await Task.Delay(Poll, ct); // real time: a poll, not the host's (possibly faked) clock
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = 331, Level = LogLevel.Error, Message = "Change {EntryId} in the webhook outbox is unreadable; not posted")]
    private partial void LogUnreadableChange(string entryId);

    [LoggerMessage(EventId = 330, Level = LogLevel.Warning, Message = "Draining the webhook outbox failed, retrying: {Reason}")]
    private partial void LogDrainFailed(string reason);
}
