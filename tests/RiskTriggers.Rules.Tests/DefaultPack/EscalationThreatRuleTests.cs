using RiskTriggers.Engine.Alerts;
using RiskTriggers.Engine.Signals;
using RiskTriggers.Rules.DefaultPack;
using static RiskTriggers.Rules.Tests.DefaultPack.RuleFixture;

namespace RiskTriggers.Rules.Tests.DefaultPack;

public sealed class EscalationThreatRuleTests
{
    private static readonly Type[] Rule = [typeof(EscalationThreatRule)];

    [Test]
    public void Fire_ThreatPhrase_P1ToSupervisor()
    {
        var decision = Fire(Rule, Phrase(PhraseClass.EscalationThreat, "12315")).Single();

        Assert.Multiple(() =>
        {
            Assert.That(decision.Priority, Is.EqualTo(Priority.P1));
            Assert.That(decision.Audience, Is.EqualTo(Audience.Supervisor));
            Assert.That(decision.RecommendedAction, Does.Contain("12315"));
        });
    }

    [TestCase(PhraseClass.Frustration)]
    [TestCase(PhraseClass.Churn)]
    [TestCase(PhraseClass.RepeatContact)]
    public void Fire_OtherPhraseClass_DoesNotFire(PhraseClass phraseClass) =>
        Assert.That(Fire(Rule, Phrase(phraseClass, "x")), Is.Empty);

    [Test]
    public void Fire_NonPhraseSignal_DoesNotFire() => Assert.That(Fire(Rule, Overdue()), Is.Empty);
}
