namespace RiskTriggers.Host.Alerts;

/// <summary>
/// Tells the engine partition that owns an alert's customer that the alert was answered (acknowledged or resolved),
/// so its ack timeout stops there: escalations are the engine's deadlines, not the book's.
/// </summary>
internal interface IAlertAcknowledgements
{
    ValueTask AcknowledgeAsync(string customerId, string alertId, CancellationToken ct);
}
