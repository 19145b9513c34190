using RiskTriggers.Engine.Alerts;
using RiskTriggers.Host.Delivery;
using RiskTriggers.Host.Operations;

namespace RiskTriggers.Host.Alerts;

/// <summary>
/// The closed loop: alerts from the engine go into the book and out to the feed (with Redis, through the book's change
/// stream, which every host follows); acknowledgements and resolutions
/// change the book, are delivered again and stop the alert's ack timeout in the engine partition that owns it;
/// escalations come from that partition (its ack-timeout deadline) and change the book once. "Now" comes from the
/// injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed class AlertLifecycle(
    IAlertBook book,
    AlertFeed feed,
    IAlertAcknowledgements acknowledgements,
    TimeProvider time,
    RiskMetrics metrics,
    ILogger<AlertLifecycle> logger)
{
    public IAlertBook Book => book;

    /// <summary>"Now" on the host's clock, for answers that count back from it (and the dashboard's countdowns).</summary>
    public DateTimeOffset Now => time.GetUtcNow();

    public async ValueTask<AlertRecord?> RaiseAsync(Alert alert, CancellationToken ct = default)
    {
        var record = AlertRecord.Raised(alert, time.GetUtcNow());
        if (!await book.AddAsync(record, ct))
            return null;
        logger.LogInformation("Alert {AlertId} raised: {Rule} {Priority} to {Audience} for interaction {InteractionId}",
            alert.AlertId, alert.Rule, alert.Priority, alert.Audience, alert.InteractionId);
        Deliver(AlertNotice.Raised, record);
        return record;
    }

    public async ValueTask<AlertChange> AcknowledgeAsync(string alertId, string by, CancellationToken ct = default)
    {
        var change = await book.AcknowledgeAsync(alertId, by, time.GetUtcNow(), ct);
        await AnnounceAsync(change, AlertNotice.Acknowledged, by, ct);
        return change;
    }

    public async ValueTask<AlertChange> ResolveAsync(string alertId, string by, AlertOutcome outcome, string? note, CancellationToken ct = default)
    {
        var change = await book.ResolveAsync(alertId, by, outcome, note, time.GetUtcNow(), ct);
        await AnnounceAsync(change, AlertNotice.Resolved, by, ct);
        return change;
    }

    /// <summary>
    /// An alert's ack timeout ran out in its engine partition: the book escalates it unless it was answered meanwhile
    /// (the book decides, so an ack that races the deadline either wins or loses, never both). Escalated at most once.
    /// </summary>
    public async ValueTask<AlertChange> EscalateAsync(string alertId, DateTimeOffset at, CancellationToken ct = default)
    {
        var change = await book.EscalateAsync(alertId, at, ct);
        if (change.Outcome != AlertChangeOutcome.Changed)
            return change;
        var record = change.Record!;
        metrics.Escalated();
        logger.LogWarning("Alert {AlertId} not acknowledged in time: escalated to the supervisor as {Priority}", record.AlertId, record.Priority);
        Deliver(AlertNotice.Escalated, record);
        return change;
    }

    /// <summary>To this host's feed; a book that records its changes has every host's follower do it instead.</summary>
    private void Deliver(string change, AlertRecord record)
    {
        if (!book.RecordsChanges)
            feed.Publish(change, record);
    }

    private async ValueTask AnnounceAsync(AlertChange change, string what, string by, CancellationToken ct)
    {
        if (change.Outcome != AlertChangeOutcome.Changed)
            return;
        var record = change.Record!;
        logger.LogInformation("Alert {AlertId} {Change} by {By}", record.AlertId, what, by);
        Deliver(what, record);
        // After the book: an escalation the engine fires meanwhile finds the alert answered and changes nothing. So the
        // book stays right if the partition cannot be told; its ack timeout then fires and finds nothing to escalate.
        try
        {
            await acknowledgements.AcknowledgeAsync(record.Alert.CustomerId, record.AlertId, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Alert {AlertId} {Change}, but its engine partition could not be told; its ack timeout finds it answered", record.AlertId, what);
        }
    }
}
