using RiskTriggers.Engine.Alerts;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Engine.State;
using RiskTriggers.Host.Delivery;
using RiskTriggers.Host.Operations;

namespace RiskTriggers.Host.Alerts;

/// <summary>
/// The closed loop: alerts from the engine go into the book and out to the feed; acknowledgements, resolutions
/// and escalations change the book and are delivered again. "Now" comes from the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed class AlertLifecycle(
    IAlertBook book,
    AlertFeed feed,
    ISettingsSource settings,
    IStateStore store,
    TimeProvider time,
    RiskMetrics metrics,
    ILogger<AlertLifecycle> logger)
{
    public IAlertBook Book => book;

    /// <summary>"Now" on the host's clock, for answers that count back from it (and the dashboard's countdowns).</summary>
    public DateTimeOffset Now => time.GetUtcNow();

    public async ValueTask<AlertRecord?> RaiseAsync(Alert alert, CancellationToken ct = default)
    {
        var tier = (await store.GetInteractionAsync(alert.InteractionId, ct))?.CustomerTier;
        var ackTimeout = settings.Current.For(alert.Channel, alert.Queue, tier).Alerts.AckTimeout;
        var record = AlertRecord.Raised(alert, time.GetUtcNow(), ackTimeout);
        if (!await book.AddAsync(record, ct))
            return null;
        logger.LogInformation("Alert {AlertId} raised: {Rule} {Priority} to {Audience} for interaction {InteractionId}",
            alert.AlertId, alert.Rule, alert.Priority, alert.Audience, alert.InteractionId);
        feed.Publish(AlertNotice.Raised, record);
        return record;
    }

    public async ValueTask<AlertChange> AcknowledgeAsync(string alertId, string by, CancellationToken ct = default)
    {
        var change = await book.AcknowledgeAsync(alertId, by, time.GetUtcNow(), ct);
        Announce(change, AlertNotice.Acknowledged, by);
        return change;
    }

    public async ValueTask<AlertChange> ResolveAsync(string alertId, string by, AlertOutcome outcome, string? note, CancellationToken ct = default)
    {
        var change = await book.ResolveAsync(alertId, by, outcome, note, time.GetUtcNow(), ct);
        Announce(change, AlertNotice.Resolved, by);
        return change;
    }

    public async ValueTask<IReadOnlyList<AlertRecord>> EscalateDueAsync(CancellationToken ct = default)
    {
        var escalated = await book.EscalateDueAsync(time.GetUtcNow(), ct);
        foreach (var record in escalated)
        {
            metrics.Escalated();
            logger.LogWarning("Alert {AlertId} not acknowledged in time: escalated to the supervisor as {Priority}", record.AlertId, record.Priority);
            feed.Publish(AlertNotice.Escalated, record);
        }
        return escalated;
    }

    private void Announce(AlertChange change, string what, string by)
    {
        if (change.Outcome != AlertChangeOutcome.Changed)
            return;
        logger.LogInformation("Alert {AlertId} {Change} by {By}", change.Record!.AlertId, what, by);
        feed.Publish(what, change.Record);
    }
}
