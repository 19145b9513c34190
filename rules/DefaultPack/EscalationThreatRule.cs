using NRules.Fluent.Dsl;
using RiskTriggers.Engine.Decisions;
using RiskTriggers.Engine.Signals;
using AlertPriority = RiskTriggers.Engine.Alerts.Priority;

namespace RiskTriggers.Rules.DefaultPack;

[Name("EscalationThreat")]
[Description("The customer threatens to go to a regulator, the media or a lawyer: P1 to the duty supervisor (once the model agrees, when negativePhrase.alertAlone is false).")]
public sealed class EscalationThreatRule : Rule
{
    public override void Define()
    {
        SignalContext context = null!;

        When()
            .Match(() => context, c => c.Signal is NegativePhraseSpotted && ((NegativePhraseSpotted)c.Signal).Threatens && !ModelCorroboration.Waits(c));
        Then()
            .Do(ctx => context.Propose(Proposals.ForSupervisor(ctx.Rule.Name, AlertPriority.P1, context.Signal)));
    }
}
