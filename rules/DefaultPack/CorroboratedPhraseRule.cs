using NRules.Fluent.Dsl;
using RiskTriggers.Engine.Decisions;
using AlertPriority = RiskTriggers.Engine.Alerts.Priority;

namespace RiskTriggers.Rules.DefaultPack;

[Name("CorroboratedPhrase")]
[Description("The model now finds dissatisfied a customer whose threat or churn phrase was held for it (negativePhrase.alertAlone false): P1 to the duty supervisor.")]
public sealed class CorroboratedPhraseRule : Rule
{
    public override void Define()
    {
        SignalContext context = null!;

        When()
            .Match(() => context, c => ModelCorroboration.Confirms(c));
        Then()
            .Do(ctx => context.Propose(Proposals.ForSupervisor(ctx.Rule.Name, AlertPriority.P1, context.Signal)));
    }
}
