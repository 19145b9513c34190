using NRules.Fluent.Dsl;
using RiskTriggers.Engine.Alerts;
using AlertPriority = RiskTriggers.Engine.Alerts.Priority;
using RiskTriggers.Engine.Signals;

namespace RiskTriggers.Rules.DefaultPack;

[Name("EscalationThreat")]
[Description("The customer threatens to go to a regulator, the media or a lawyer: P1 to the duty supervisor.")]
public sealed class EscalationThreatRule : Rule
{
    public override void Define()
    {
        NegativePhraseSpotted phrase = null!;

        When()
            .Match(() => phrase, p => p.Threatens);
        Then()
            .Do(ctx => ctx.Insert(Proposals.ForSupervisor(ctx.Rule.Name, AlertPriority.P1, phrase)));
    }
}
