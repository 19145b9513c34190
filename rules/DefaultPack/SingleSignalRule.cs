using NRules.Fluent.Dsl;
using RiskTriggers.Engine.Signals;
using RiskTriggers.Engine.State;
using AlertPriority = RiskTriggers.Engine.Alerts.Priority;

namespace RiskTriggers.Rules.DefaultPack;

[Name("SingleSignal")]
[Description("Any signal: P3 to the assigned agent (to the supervisor while no agent is assigned).")]
public sealed class SingleSignalRule : Rule
{
    public const AlertPriority BasePriority = AlertPriority.P3;

    public override void Define()
    {
        Signal signal = null!;
        InteractionState interaction = null!;

        When()
            .Match(() => signal)
            .Match(() => interaction);
        Then()
            .Do(ctx => ctx.Insert(Proposals.ForAgent(ctx.Rule.Name, BasePriority, signal, interaction)));
    }
}
