using RiskTriggers.Engine.Alerts;
using RiskTriggers.Engine.Decisions;
using RiskTriggers.Engine.Signals;
using RiskTriggers.Rules.DefaultPack;
using static RiskTriggers.Rules.Tests.DefaultPack.RuleFixture;
using RiskTriggers.Rules.Settings;

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

/// <summary>The decider pools its sessions: a reused session must forget the previous signal entirely.</summary>
public sealed class RulePackDeciderTests
{
    [Test]
    public void Decide_SessionReusedForAnotherSignal_KeepsNothingFromTheFirst()
    {
        var decider = new RulePackDecider(DefaultRulePack.Compile());
        var vip = new SignalContext(Overdue(), Interaction("vip"), new SignalHistory(new HashSet<string> { "ReplyOverdue" }), DefaultSettings.Load().Defaults);
        var standard = new SignalContext(Overdue(), Interaction("standard"), new SignalHistory(new HashSet<string> { "ReplyOverdue" }), DefaultSettings.Load().Defaults);

        var first = decider.Decide(vip);
        var second = decider.Decide(standard);
        var third = decider.Decide(vip);

        Assert.Multiple(() =>
        {
            Assert.That(first.Select(d => d.Rule), Is.EquivalentTo(new[] { "VipCustomer", "SingleSignal" }));
            Assert.That(second.Select(d => d.Rule), Is.EqualTo(new[] { "SingleSignal" }));
            Assert.That(third.Select(d => d.Rule), Is.EquivalentTo(first.Select(d => d.Rule)));
        });
    }

    [Test]
    public void Decide_RuleInsertsDecisionFact_StillHeardAndRetracted()
    {
        var decider = new RulePackDecider(DefaultRulePack.Compile(typeof(InsertingRule), typeof(SingleSignalRule)));
        var context = () => new SignalContext(Overdue(), Interaction(), new SignalHistory(new HashSet<string> { "ReplyOverdue" }), DefaultSettings.Load().Defaults);

        var first = decider.Decide(context());
        var second = decider.Decide(context());

        Assert.Multiple(() =>
        {
            Assert.That(first.Select(d => d.Rule), Is.EquivalentTo(new[] { "Inserting", "SingleSignal" }));
            Assert.That(second.Select(d => d.Rule), Is.EquivalentTo(new[] { "Inserting", "SingleSignal" }), "the first signal's decision fact was retracted");
        });
    }
}

/// <summary>A rule written the older way: its decision is inserted as a fact, not proposed on the context.</summary>
[NRules.Fluent.Dsl.Name("Inserting")]
public sealed class InsertingRule : NRules.Fluent.Dsl.Rule
{
    public override void Define()
    {
        SignalContext context = null!;
        When().Match(() => context);
        Then().Do(ctx => ctx.Insert(Proposals.ForSupervisor(ctx.Rule.Name, RiskTriggers.Engine.Alerts.Priority.P2, context.Signal)));
    }
}
