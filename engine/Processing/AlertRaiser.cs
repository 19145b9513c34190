using RiskTriggers.Engine.Alerts;
using RiskTriggers.Engine.Decisions;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Engine.Signals;
using RiskTriggers.Engine.State;

namespace RiskTriggers.Engine.Processing;

/// <summary>
/// Asks the rules about a signal and raises the most urgent decision as an alert, unless that rule is cooling
/// down for the interaction.
/// </summary>
internal sealed class AlertRaiser(IStateStore store, IDecider decider)
{
    public async ValueTask<Alert?> RaiseAsync(Signal signal, InteractionState interaction, Thresholds thresholds, CancellationToken ct)
    {
        var kinds = await store.RecordSignalAsync(interaction.InteractionId, signal.Kind, ct);
        var decision = Decision.MostUrgent(decider.Decide(new SignalContext(signal, interaction, new SignalHistory(kinds), thresholds)));
        if (decision is null)
            return null;
        // The cooldown is owned by the alert it lets through, so the same alert raised again (its event
        // redelivered after a crash before the alert was saved) is not blocked by its own cooldown.
        var alertId = AlertIds.For(decision.Rule, interaction.InteractionId, signal.Kind, signal.TriggeringEventId);
        if (!await store.TryStartCooldownAsync(
                $"{decision.Rule}:{interaction.InteractionId}", alertId, signal.DetectedAt, thresholds.Alerts.Cooldown, ct))
            return null;

        var alert = new Alert(
            alertId,
            decision.Rule, decision.Priority, decision.Audience, interaction.InteractionId, interaction.CustomerId,
            interaction.AgentId, interaction.Queue, interaction.Channel, signal.DetectedAt, [signal.ToEvidence()],
            decision.RecommendedAction) { EscalatesAt = signal.DetectedAt + thresholds.Alerts.AckTimeout };
        await store.SaveAlertAsync(alert, ct);
        return alert;
    }
}
