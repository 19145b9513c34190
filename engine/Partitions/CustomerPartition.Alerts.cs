using RiskTriggers.Engine.Alerts;
using RiskTriggers.Engine.Decisions;
using RiskTriggers.Engine.Processing;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Engine.Signals;

namespace RiskTriggers.Engine.Partitions;

public sealed partial class CustomerPartition
{
    private (IReadOnlyList<Alert> Alerts, IReadOnlyList<SignalOutcome> Outcomes) Raise(
        List<Signal>? signals, CustomerState customer, OpenInteraction interaction, Thresholds thresholds, DateTimeOffset at, ref DateTimeOffset? next)
    {
        if (signals is null)
            return ([], []);
        var alerts = new List<Alert>(signals.Count);
        var outcomes = new List<SignalOutcome>(signals.Count);
        foreach (var signal in signals)
            outcomes.Add(Decide(signal, customer, interaction, thresholds, at, alerts, ref next));
        return (alerts, outcomes);
    }

    /// <summary>
    /// Asks the rules about one signal and raises the most urgent decision, unless that rule is cooling down
    /// for the interaction. A raised alert starts the rule's cooldown and its own ack timeout.
    /// </summary>
    private SignalOutcome Decide(Signal signal, CustomerState customer, OpenInteraction interaction, Thresholds thresholds,
        DateTimeOffset at, List<Alert> alerts, ref DateTimeOffset? next)
    {
        interaction.RecordSignal(signal.Kind);
        var state = interaction.ToState(customer.CustomerId);
        var history = new SignalHistory(SignalKindSet.Of(interaction.SignalKinds));
        var decision = Decision.MostUrgent(_decider.Decide(new SignalContext(signal, state, history, thresholds)));
        if (decision is null)
            return new SignalOutcome(signal, OutcomeKind.NoRuleMatched);
        var alertId = AlertIds.For(decision.Rule, interaction.InteractionId, signal.Kind, signal.TriggeringEventId);
        if (interaction.CooldownOf(decision.Rule) is { } running && running.Until > signal.DetectedAt && running.OwnerAlertId != alertId)
            return new SignalOutcome(signal, OutcomeKind.HeldByCooldown, decision.Rule, running.OwnerAlertId, running.Until);

        interaction.StartCooldown(new Cooldown(decision.Rule, signal.DetectedAt + thresholds.Alerts.Cooldown, alertId));
        var escalatesAt = signal.DetectedAt + thresholds.Alerts.AckTimeout;
        alerts.Add(new Alert(
            alertId, decision.Rule, decision.Priority, decision.Audience, interaction.InteractionId, customer.CustomerId,
            interaction.AgentId, interaction.Queue, interaction.Channel, signal.DetectedAt, [signal.ToEvidence()],
            decision.RecommendedAction) { EscalatesAt = escalatesAt });
        AwaitAck(customer, new PendingAck(alertId, interaction.InteractionId, escalatesAt));
        next = next is null || escalatesAt < next ? escalatesAt : next;
        return new SignalOutcome(signal, OutcomeKind.Alerted, decision.Rule, alertId);
    }

    private void AwaitAck(CustomerState customer, PendingAck ack)
    {
        var acks = customer.PendingAcks;
        var held = IndexOfAck(acks, ack.AlertId);
        if (held >= 0)
            acks.RemoveAt(held);
        customer.PendingAcks.Add(ack);
        Enqueue(new DueWork(ack.EscalatesAt, DueKind.AckTimeout, customer, null, ack.AlertId));
    }

    // Loops, not RemoveAll/Find with a lambda: a closure per alert. Ids are unique in each list (added after removal).
    private static int IndexOfAck(List<PendingAck> acks, string alertId)
    {
        for (var i = 0; i < acks.Count; i++)
        {
            if (acks[i].AlertId == alertId)
                return i;
        }
        return -1;
    }

    private static AlertEscalation Escalate(DueWork item)
    {
        var acks = item.Customer.PendingAcks;
        var at = IndexOfAck(acks, item.AlertId!);
        var ack = acks[at];
        acks.RemoveAt(at);
        item.Customer.ReleaseEmptyAcks();
        return new AlertEscalation(ack.AlertId, ack.InteractionId, item.Customer.CustomerId, ack.EscalatesAt);
    }
}
