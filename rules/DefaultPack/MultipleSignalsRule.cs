using NRules.Fluent.Dsl;
using RiskTriggers.Engine.Alerts;
using AlertPriority = RiskTriggers.Engine.Alerts.Priority;
using RiskTriggers.Engine.Decisions;
using RiskTriggers.Engine.Signals;
using RiskTriggers.Engine.State;

namespace RiskTriggers.Rules.DefaultPack;

[Name("MultipleSignals")]
[Description("A second, different kind of signal in one interaction: one level more urgent than a single signal (P2).")]
public sealed class MultipleSignalsRule : Rule
{
    public override void Define()
    {
        Signal signal = null!;
        SignalHistory history = null!;
        InteractionState interaction = null!;

        When()
            .Match(() => signal)
            .Match(() => history, h => h.HasOtherThan(signal.Kind))
            .Match(() => interaction);
        Then()
            .Do(ctx => ctx.Insert(Proposals.ForAgent(ctx.Rule.Name, SingleSignalRule.BasePriority.MoreUrgent(), signal, interaction)));
    }
}
