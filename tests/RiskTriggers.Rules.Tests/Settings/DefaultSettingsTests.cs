using System.Text.Json.Nodes;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Engine.Signals;
using RiskTriggers.Rules.Settings;

namespace RiskTriggers.Rules.Tests.Settings;

public sealed class DefaultSettingsTests
{
    [Test]
    public void Document_IsAValidSettingsDocument() =>
        Assert.That(() => RiskSettings.Parse(DefaultSettings.Document), Throws.Nothing);

    [Test]
    public void Load_CalledTwice_ReturnsTheSameParsedSettings()
    {
        var first = DefaultSettings.Load();

        Assert.That(DefaultSettings.Load(), Is.SameAs(first));
    }

    [Test]
    public void Load_Defaults_AreThoseTheRuleAuthoringDocsState()
    {
        var t = DefaultSettings.Load().Defaults;

        Assert.Multiple(() =>
        {
            Assert.That((t.InquiryRepeated.MoreThan, t.InquiryRepeated.Window), Is.EqualTo((3, TimeSpan.FromDays(1))), "inquiryRepeated");
            Assert.That(t.ReplyOverdue.After, Is.EqualTo(TimeSpan.FromMinutes(5)), "replyOverdue.after");
            Assert.That(t.QueueWaitExceeded.After, Is.EqualTo(TimeSpan.FromMinutes(10)), "queueWaitExceeded.after");
            Assert.That(t.NegativePhrase.MinWeight, Is.EqualTo(3), "negativePhrase.minWeight");
            Assert.That(t.NegativePhrase.AlertAlone, Is.True, "negativePhrase.alertAlone");
            Assert.That(t.NegativePhrase.AlertAloneClasses, Is.Empty, "negativePhrase.alertAloneClasses");
            Assert.That(t.NegativePhrase.Weights, Is.EquivalentTo(new Dictionary<PhraseClass, double>
            {
                [PhraseClass.Frustration] = 1,
                [PhraseClass.EscalationThreat] = 3,
                [PhraseClass.Churn] = 3,
                [PhraseClass.RepeatContact] = 1,
            }), "negativePhrase.weights");
            Assert.That((t.Dissatisfaction.Threshold, t.Dissatisfaction.SustainedMessages), Is.EqualTo((0.5, 2)), "dissatisfaction");
            Assert.That(t.Alerts.Cooldown, Is.EqualTo(TimeSpan.FromMinutes(30)), "alerts.cooldown");
            Assert.That(t.Alerts.AckTimeout, Is.EqualTo(TimeSpan.FromMinutes(5)), "alerts.ackTimeout");
            Assert.That(t.Alerts.SupervisorTiers, Is.EqualTo(new[] { "vip" }), "alerts.supervisorTiers");
            Assert.That(DefaultSettings.Load().For("email", null, null).ReplyOverdue.After, Is.EqualTo(TimeSpan.FromHours(4)), "email override");
        });
    }

    [Test]
    public void Document_WritesOutEveryThreshold()
    {
        // The file is the only place the defaults are written: a threshold it left out would be zero.
        var written = Leaves((JsonObject)JsonNode.Parse(DefaultSettings.Document)!).Where(path => !path.StartsWith("overrides.", StringComparison.Ordinal));
        var schema = Leaves((JsonObject)JsonNode.Parse(DefaultSettings.Load().ToJson())!).Where(path => !path.StartsWith("overrides.", StringComparison.Ordinal));

        Assert.That(written, Is.EquivalentTo(schema));
    }

    [Test]
    public void Load_IsTheEnginesBuiltInDocument() =>
        Assert.That(DefaultSettings.Load().ToJson(), Is.EqualTo(RiskSettings.BuiltIn.ToJson()));

    private static IEnumerable<string> Leaves(JsonObject node, string prefix = "") =>
        node.SelectMany(p => p.Value is JsonObject child ? Leaves(child, $"{prefix}{p.Key}.") : [prefix + p.Key]);
}
