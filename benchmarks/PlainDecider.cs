using RiskTriggers.Engine.Alerts;
using RiskTriggers.Engine.Decisions;
using RiskTriggers.Engine.Signals;
using RiskTriggers.Rules.DefaultPack;

namespace RiskTriggers.Benchmarks;

/// <summary>The default pack's decisions as plain C#: isolates what NRules costs inside the pipeline.</summary>
internal sealed class PlainDecider : IDecider
{
    public IReadOnlyList<Decision> Decide(SignalContext c)
    {
        if (c.Signal is NegativePhraseSpotted { Threatens: true })
            return [Proposals.ForSupervisor("EscalationThreat", Priority.P1, c.Signal)];
        if (c.Interaction.CustomerTier is { } tier && c.Thresholds.Alerts.SupervisorTiers.Contains(tier))
            return [Proposals.ForSupervisor("VipCustomer", Priority.P1, c.Signal)];
        return c.History.HasOtherThan(c.Signal.Kind)
            ? [Proposals.ForAgent("MultipleSignals", Priority.P2, c.Signal, c.Interaction)]
            : [Proposals.ForAgent("SingleSignal", Priority.P3, c.Signal, c.Interaction)];
    }
}
