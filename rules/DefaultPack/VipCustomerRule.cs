using NRules.Fluent.Dsl;
using RiskTriggers.Engine.Alerts;
using AlertPriority = RiskTriggers.Engine.Alerts.Priority;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Engine.Signals;
using RiskTriggers.Engine.State;

namespace RiskTriggers.Rules.DefaultPack;

[Name("VipCustomer")]
[Description("A customer of a supervisor tier (settings: alerts.supervisorTiers) shows any signal: P1 to the duty supervisor.")]
public sealed class VipCustomerRule : Rule
{
    public override void Define()
    {
        Signal signal = null!;
        InteractionState interaction = null!;
        Thresholds thresholds = null!;

        When()
            .Match(() => signal)
            .Match(() => interaction, i => i.CustomerTier != null)
            .Match(() => thresholds, t => t.Alerts.SupervisorTiers.Contains(interaction.CustomerTier!));
        Then()
            .Do(ctx => ctx.Insert(Proposals.ForSupervisor(ctx.Rule.Name, AlertPriority.P1, signal)));
    }
}
