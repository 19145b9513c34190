using RiskTriggers.Engine.Alerts;
using RiskTriggers.Rules.DefaultPack;
using static RiskTriggers.Rules.Tests.DefaultPack.RuleFixture;

namespace RiskTriggers.Rules.Tests.DefaultPack;

public sealed class SingleAndMultipleSignalsRuleTests
{
    [Test]
    public void Fire_SingleSignal_P3ToAssignedAgent()
    {
        var decision = Fire([typeof(SingleSignalRule)], Overdue()).Single();

        Assert.That((decision.Priority, decision.Audience), Is.EqualTo((Priority.P3, Audience.Agent)));
    }

    [Test]
    public void Fire_SingleSignalWithNoAgentAssigned_GoesToSupervisor()
    {
        var decision = Fire([typeof(SingleSignalRule)], Overdue(), Interaction(agent: null)).Single();

        Assert.That(decision.Audience, Is.EqualTo(Audience.Supervisor));
    }

    [Test]
    public void Fire_SecondDifferentSignalKind_OneLevelMoreUrgent()
    {
        var decision = Fire([typeof(MultipleSignalsRule)], Overdue(), earlierKinds: ["NegativePhraseSpotted"]).Single();

        Assert.That((decision.Priority, decision.Audience), Is.EqualTo((Priority.P2, Audience.Agent)));
    }

    [Test]
    public void Fire_SameSignalKindAgain_MultipleSignalsDoesNotFire() =>
        Assert.That(Fire([typeof(MultipleSignalsRule)], Overdue(), earlierKinds: ["ReplyOverdue"]), Is.Empty);
}
