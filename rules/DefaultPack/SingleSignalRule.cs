using NRules.Fluent.Dsl;
using RiskTriggers.Engine.Decisions;
using AlertPriority = RiskTriggers.Engine.Alerts.Priority;

namespace RiskTriggers.Rules.DefaultPack;

[Name("SingleSignal")]
[Description("Any signal (a phrase only once the model agrees, when negativePhrase.alertAlone is false): P3 to the assigned agent (to the supervisor while no agent is assigned).")]
public sealed class SingleSignalRule : Rule
{
    public const AlertPriority BasePriority = AlertPriority.P3;

    public override void Define()
    {
        SignalContext context = null!;

        When()
            .Match(() => context, c => !ModelCorroboration.Waits(c));
        Then()
            .Do(ctx => context.Propose(Proposals.ForAgent(ctx.Rule.Name, BasePriority, context.Signal, context.Interaction)));
    }
}
