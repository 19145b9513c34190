using NRules.Fluent.Dsl;
using RiskTriggers.Engine.Decisions;
using AlertPriority = RiskTriggers.Engine.Alerts.Priority;

namespace RiskTriggers.Rules.DefaultPack;

[Name("VipCustomer")]
[Description("A customer of a supervisor tier (settings: alerts.supervisorTiers) shows any signal: P1 to the duty supervisor.")]
public sealed class VipCustomerRule : Rule
{
    public override void Define()
    {
        SignalContext context = null!;

        When()
            .Match(() => context, c => c.Interaction.CustomerTier != null && c.Thresholds.Alerts.SupervisorTiers.Contains(c.Interaction.CustomerTier));
        Then()
            .Do(ctx => context.Propose(Proposals.ForSupervisor(ctx.Rule.Name, AlertPriority.P1, context.Signal)));
    }
}
