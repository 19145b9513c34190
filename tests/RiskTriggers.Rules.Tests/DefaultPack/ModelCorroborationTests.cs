using RiskTriggers.Engine.Alerts;
using RiskTriggers.Engine.Decisions;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Engine.Signals;
using RiskTriggers.Rules.DefaultPack;
using static RiskTriggers.Rules.Tests.DefaultPack.RuleFixture;

namespace RiskTriggers.Rules.Tests.DefaultPack;

/// <summary>negativePhrase.alertAlone: phrases alert on their own, or only once the dissatisfaction model agrees.</summary>
public sealed class ModelCorroborationTests
{
    private static Decision? Winner(Signal signal, bool alone, params string[] earlierKinds) =>
        Decision.MostUrgent(Fire(DefaultRulePack.Rules, signal, earlierKinds: earlierKinds, thresholds: PhrasesAlone(alone)));

    [TestCase(PhraseClass.EscalationThreat, "12315")]
    [TestCase(PhraseClass.Churn, "我要销户")]
    public void Phrase_ModelNotYetAgreed_IsHeld(PhraseClass phraseClass, string phrase) =>
        Assert.That(Fire(DefaultRulePack.Rules, Phrase(phraseClass, phrase), thresholds: PhrasesAlone(false)), Is.Empty);

    [Test]
    public void Threat_AfterTheModelSignalled_P1ToSupervisor()
    {
        var winner = Winner(Phrase(PhraseClass.EscalationThreat, "12315"), false, nameof(DissatisfactionPredicted))!;

        Assert.That((winner.Rule, winner.Priority, winner.Audience), Is.EqualTo(("EscalationThreat", Priority.P1, Audience.Supervisor)));
    }

    [Test]
    public void Model_AfterAHeldPhrase_P1ToSupervisor()
    {
        var winner = Winner(Predicted(), false, nameof(NegativePhraseSpotted))!;

        Assert.That((winner.Rule, winner.Priority, winner.Audience), Is.EqualTo(("CorroboratedPhrase", Priority.P1, Audience.Supervisor)));
    }

    [Test]
    public void Model_WithoutAPhrase_SingleSignalToTheAgent()
    {
        var winner = Winner(Predicted(), false)!;

        Assert.That((winner.Rule, winner.Priority, winner.Audience), Is.EqualTo(("SingleSignal", Priority.P3, Audience.Agent)));
    }

    [Test]
    public void Phrase_AfterAnotherKindButNotTheModel_IsStillHeld() =>
        Assert.That(Fire(DefaultRulePack.Rules, Phrase(PhraseClass.EscalationThreat, "12315"), earlierKinds: ["ReplyOverdue"], thresholds: PhrasesAlone(false)), Is.Empty);

    [Test]
    public void AlertAlone_ThreatAlone_EscalationThreatAsBefore()
    {
        var winner = Winner(Phrase(PhraseClass.EscalationThreat, "12315"), true)!;

        Assert.That((winner.Rule, winner.Priority), Is.EqualTo(("EscalationThreat", Priority.P1)));
    }

    [Test]
    public void AlertAlone_ModelAfterAPhrase_MultipleSignalsNotCorroborated()
    {
        var decisions = Fire(DefaultRulePack.Rules, Predicted(), earlierKinds: [nameof(NegativePhraseSpotted)], thresholds: PhrasesAlone(true));

        Assert.That(decisions.Select(d => d.Rule), Is.EquivalentTo(new[] { "MultipleSignals", "SingleSignal" }));
    }

    [Test]
    public void ModelTurnedOff_ThreatAlertsAlone()
    {
        var thresholds = PhrasesAlone(false);
        thresholds = thresholds with { Dissatisfaction = thresholds.Dissatisfaction with { Enabled = false } };

        var winner = Decision.MostUrgent(Fire(DefaultRulePack.Rules, Phrase(PhraseClass.EscalationThreat, "12315"), thresholds: thresholds))!;

        Assert.That(winner.Rule, Is.EqualTo("EscalationThreat"));
    }

    [Test]
    public void Settings_DocumentSetsItPerQueue()
    {
        var settings = RiskSettings.Parse("""{ "overrides": { "queue": { "retention": { "negativePhrase": { "alertAlone": false } } } } }""");

        Assert.Multiple(() =>
        {
            Assert.That(settings.For("chat", "retention", null).NegativePhrase.AlertAlone, Is.False);
            Assert.That(settings.For("chat", "retention", null).NegativePhrase.MinWeight, Is.EqualTo(3), "the rest of negativePhrase stays");
            Assert.That(settings.For("chat", "billing", null).NegativePhrase.AlertAlone, Is.True);
        });
    }

    [Test]
    public void Settings_NotABoolean_NamedByItsPath() =>
        Assert.That(() => RiskSettings.Parse("""{ "negativePhrase": { "alertAlone": "no" } }"""),
            Throws.TypeOf<SettingsException>().With.Message.Contains("negativePhrase.alertAlone"));

    private static Thresholds ThreatsAlone()
    {
        var thresholds = PhrasesAlone(false);
        return thresholds with { NegativePhrase = thresholds.NegativePhrase with { AlertAloneClasses = [PhraseClass.EscalationThreat] } };
    }

    [Test]
    public void AlertAloneClasses_ThreatListed_ThreatAlertsAlone()
    {
        var winner = Decision.MostUrgent(Fire(DefaultRulePack.Rules, Phrase(PhraseClass.EscalationThreat, "12315"), thresholds: ThreatsAlone()))!;

        Assert.That((winner.Rule, winner.Priority, winner.Audience), Is.EqualTo(("EscalationThreat", Priority.P1, Audience.Supervisor)));
    }

    [Test]
    public void AlertAloneClasses_ThreatListed_ChurnStillHeld() =>
        Assert.That(Fire(DefaultRulePack.Rules, Phrase(PhraseClass.Churn, "我要销户"), thresholds: ThreatsAlone()), Is.Empty);

    [Test]
    public void AlertAloneClasses_ChurnAndThreatInOneMessage_AlertsAlone()
    {
        var both = Phrase(PhraseClass.Churn, "我要销户") with { Hits = [new("我要销户", PhraseClass.Churn, 3, 0), new("投诉", PhraseClass.EscalationThreat, 3, 5)] };

        Assert.That(Decision.MostUrgent(Fire(DefaultRulePack.Rules, both, thresholds: ThreatsAlone()))!.Rule, Is.EqualTo("EscalationThreat"));
    }

    [Test]
    public void AlertAloneClasses_WhileAlertAloneTrue_EveryPhraseAlerts()
    {
        var thresholds = PhrasesAlone(true);
        thresholds = thresholds with { NegativePhrase = thresholds.NegativePhrase with { AlertAloneClasses = [PhraseClass.EscalationThreat] } };

        Assert.That(Decision.MostUrgent(Fire(DefaultRulePack.Rules, Phrase(PhraseClass.Churn, "我要销户"), thresholds: thresholds))!.Rule, Is.EqualTo("SingleSignal"));
    }

    [Test]
    public void Settings_AlertAloneClasses_ReadByWireName()
    {
        var settings = RiskSettings.Parse("""{ "negativePhrase": { "alertAlone": false, "alertAloneClasses": ["escalationThreat"] } }""");

        Assert.That(settings.For("chat", null, null).NegativePhrase.AlertAloneClasses, Is.EqualTo(new[] { PhraseClass.EscalationThreat }));
    }

    [Test]
    public void Settings_AlertAloneClassesUnknownClass_NamedByItsPath() =>
        Assert.That(() => RiskSettings.Parse("""{ "negativePhrase": { "alertAloneClasses": ["threat"] } }"""),
            Throws.TypeOf<SettingsException>().With.Message.Contains("negativePhrase.alertAloneClasses[0]: expected one of frustration, escalationThreat, churn, repeatContact"));

    [Test]
    public void VipCustomer_HeldPhrase_StillP1()
    {
        var winner = Decision.MostUrgent(Fire(DefaultRulePack.Rules, Phrase(PhraseClass.Churn, "我要销户"), Interaction("vip"), thresholds: PhrasesAlone(false)))!;

        Assert.That(winner.Rule, Is.EqualTo("VipCustomer"));
    }
}
