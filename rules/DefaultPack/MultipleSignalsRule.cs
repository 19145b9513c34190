using NRules.Fluent.Dsl;
using RiskTriggers.Engine.Alerts;
using RiskTriggers.Engine.Decisions;

namespace RiskTriggers.Rules.DefaultPack;

[Name("MultipleSignals")]
[Description("A second, different kind of signal in one interaction: one level more urgent than a single signal (P2).")]
public sealed class MultipleSignalsRule : Rule
{
    public override void Define()
    {
        SignalContext context = null!;

        When()
            .Match(() => context, c => c.History.HasOtherThan(c.Signal.Kind) && !ModelCorroboration.Waits(c));
        Then()
            .Do(ctx => context.Propose(Proposals.ForAgent(ctx.Rule.Name, SingleSignalRule.BasePriority.MoreUrgent(), context.Signal, context.Interaction)));
    }
}
