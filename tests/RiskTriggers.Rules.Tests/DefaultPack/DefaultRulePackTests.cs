using RiskTriggers.Engine.Alerts;
using RiskTriggers.Engine.Decisions;
using RiskTriggers.Engine.Signals;
using RiskTriggers.Rules.DefaultPack;
using static RiskTriggers.Rules.Tests.DefaultPack.RuleFixture;

namespace RiskTriggers.Rules.Tests.DefaultPack;

/// <summary>The whole pack: which decision wins when several rules fire.</summary>
public sealed class DefaultRulePackTests
{
    [Test]
    public void MostUrgent_VipWithOneSignal_VipCustomerWins()
    {
        var winner = Decision.MostUrgent(Fire(DefaultRulePack.Rules, Overdue(), Interaction("vip")))!;

        Assert.That((winner.Rule, winner.Priority, winner.Audience), Is.EqualTo(("VipCustomer", Priority.P1, Audience.Supervisor)));
    }

    [Test]
    public void MostUrgent_StandardCustomerThreatens_EscalationThreatWins()
    {
        var winner = Decision.MostUrgent(Fire(DefaultRulePack.Rules, Phrase(PhraseClass.EscalationThreat, "我要投诉")))!;

        Assert.That((winner.Rule, winner.Priority, winner.Audience), Is.EqualTo(("EscalationThreat", Priority.P1, Audience.Supervisor)));
    }

    [Test]
    public void MostUrgent_StandardCustomerSecondKind_MultipleSignalsWins()
    {
        var winner = Decision.MostUrgent(Fire(DefaultRulePack.Rules, Overdue(), earlierKinds: ["InquiryRepeated"]))!;

        Assert.That((winner.Rule, winner.Priority), Is.EqualTo(("MultipleSignals", Priority.P2)));
    }

    [Test]
    public void MostUrgent_StandardCustomerFirstSignal_SingleSignalWins()
    {
        var winner = Decision.MostUrgent(Fire(DefaultRulePack.Rules, Phrase(PhraseClass.Frustration, "怎么回事")))!;

        Assert.That((winner.Rule, winner.Priority, winner.Audience), Is.EqualTo(("SingleSignal", Priority.P3, Audience.Agent)));
    }
}
