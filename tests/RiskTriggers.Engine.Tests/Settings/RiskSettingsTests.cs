using RiskTriggers.Engine.Settings;
using RiskTriggers.Engine.Signals;

namespace RiskTriggers.Engine.Tests.Settings;

public sealed class RiskSettingsTests
{
    private static IReadOnlyList<string> ErrorsOf(string json) =>
        Assert.Throws<SettingsException>(() => RiskSettings.Parse(json))!.Errors;

    [Test]
    public void BuiltIn_Defaults_AreTheSeedThresholds()
    {
        var t = RiskSettings.BuiltIn.Defaults;

        Assert.Multiple(() =>
        {
            Assert.That((t.InquiryRepeated.MoreThan, t.InquiryRepeated.Window), Is.EqualTo((3, TimeSpan.FromHours(24))));
            Assert.That(t.ReplyOverdue.After, Is.EqualTo(TimeSpan.FromMinutes(5)));
            Assert.That(t.Alerts.SupervisorTiers, Is.EqualTo(new[] { "vip" }));
            Assert.That(t.NegativePhrase.WeightOf(PhraseClass.EscalationThreat), Is.EqualTo(3));
        });
    }

    [Test]
    public void Parse_PartialDocument_KeepsDefaultsForTheRest()
    {
        var t = RiskSettings.Parse("""{ "replyOverdue": { "after": "2m" } }""").Defaults;

        Assert.That((t.ReplyOverdue.After, t.InquiryRepeated.MoreThan), Is.EqualTo((TimeSpan.FromMinutes(2), 3)));
    }

    [Test]
    public void Parse_OnePhraseWeight_KeepsTheOtherWeightsDefaults()
    {
        var t = RiskSettings.Parse("""{ "negativePhrase": { "weights": { "churn": 5 } } }""").Defaults;

        Assert.That((t.NegativePhrase.WeightOf(PhraseClass.Churn), t.NegativePhrase.WeightOf(PhraseClass.Frustration)), Is.EqualTo((5, 1)));
    }

    [Test]
    public void For_Overrides_AppliedChannelThenQueueThenTier()
    {
        var settings = RiskSettings.Parse("""
            { "overrides": {
                "channel": { "email": { "replyOverdue": { "after": "4h" } } },
                "queue": { "retention": { "replyOverdue": { "after": "1h" }, "inquiryRepeated": { "moreThan": 2 } } },
                "customerTier": { "vip": { "replyOverdue": { "after": "30m" } } } } }
            """);

        Assert.Multiple(() =>
        {
            Assert.That(settings.For("email", null, null).ReplyOverdue.After, Is.EqualTo(TimeSpan.FromHours(4)));
            Assert.That(settings.For("email", "retention", null).ReplyOverdue.After, Is.EqualTo(TimeSpan.FromHours(1)));
            Assert.That(settings.For("email", "retention", null).InquiryRepeated.MoreThan, Is.EqualTo(2));
            Assert.That(settings.For("email", "retention", "vip").ReplyOverdue.After, Is.EqualTo(TimeSpan.FromMinutes(30)));
            Assert.That(settings.For("chat", "billing", "standard").ReplyOverdue.After, Is.EqualTo(TimeSpan.FromMinutes(5)));
        });
    }

    [Test]
    public void Parse_UnknownKey_IsNamed() =>
        Assert.That(ErrorsOf("""{ "replyOverdue": { "afterr": "2m" } }"""), Has.Some.StartsWith("replyOverdue.afterr: unknown key"));

    [Test]
    public void Parse_SeveralUnknownKeys_AreAllNamedAtOnce() =>
        Assert.That(ErrorsOf("""{ "replyOverdu": {}, "alerts": { "cooldwn": "5m" }, "overrides": { "queue": { "vip": { "queueWait": {} } } } }"""),
            Is.EqualTo(new[]
            {
                "replyOverdu: unknown key; expected one of inquiryRepeated, replyOverdue, queueWaitExceeded, negativePhrase, dissatisfaction, alerts",
                "alerts.cooldwn: unknown key; expected one of cooldown, ackTimeout, supervisorTiers",
                "overrides.queue.vip.queueWait: unknown key; expected one of inquiryRepeated, replyOverdue, queueWaitExceeded, negativePhrase, dissatisfaction, alerts",
            }));

    [Test]
    public void Parse_NegativeWindow_IsNamed() =>
        Assert.That(ErrorsOf("""{ "inquiryRepeated": { "window": "-1h" } }"""), Is.EqualTo(new[] { "inquiryRepeated.window: must be a positive duration such as 5m, was -1h" }));

    [Test]
    public void Parse_BadDuration_IsNamed() =>
        Assert.That(ErrorsOf("""{ "replyOverdue": { "after": "soon" } }"""),
            Is.EqualTo(new[] { "replyOverdue.after: expected a duration such as 90s, 5m, 4h or 1d, got \"soon\"" }));

    [Test]
    public void Parse_ValuesOfTheWrongKind_AreAllNamedAtOnceInPlainWords() =>
        Assert.That(ErrorsOf("""
            { "inquiryRepeated": { "moreThan": "three", "window": 5 },
              "negativePhrase": { "minWeight": "high", "weights": { "churn": null } },
              "alerts": { "supervisorTiers": "vip" },
              "replyOverdue": "5m" }
            """), Is.EqualTo(new[]
            {
                "inquiryRepeated.moreThan: expected a whole number, got \"three\"",
                "inquiryRepeated.window: expected a duration such as 90s, 5m, 4h or 1d, got 5",
                "negativePhrase.minWeight: expected a number, got \"high\"",
                "negativePhrase.weights.churn: expected a number, got null",
                "alerts.supervisorTiers: expected a list of texts in double quotes, such as [\"vip\"], got \"vip\"",
                "replyOverdue: expected an object with the keys after, got \"5m\"",
            }));

    [TestCase("""{ "dissatisfaction": { "sustainedMessages": 0 } }""", "dissatisfaction.sustainedMessages: must be 1 to 20, was 0")]
    [TestCase("""{ "inquiryRepeated": { "moreThan": 3.5 } }""", "inquiryRepeated.moreThan: expected a whole number, got 3.5")]
    [TestCase("""{ "inquiryRepeated": { "moreThan": 99999999999 } }""", "inquiryRepeated.moreThan: expected a whole number no larger than 2147483647, got 99999999999")]
    [TestCase("""{ "alerts": { "supervisorTiers": ["vip", 1] } }""", "alerts.supervisorTiers[1]: expected text in double quotes, got 1")]
    [TestCase("""{ "queueWaitExceeded": { "after": "十分钟" } }""", "queueWaitExceeded.after: expected a duration such as 90s, 5m, 4h or 1d, got \"十分钟\"")]
    public void Parse_ValueOfTheWrongKind_SaysWhatWasExpectedAndWhatCame(string json, string error) =>
        Assert.That(ErrorsOf(json), Is.EqualTo(new[] { error }));

    [Test]
    public void Parse_WrongKindsAndBadRangesAndUnknownKeys_AreAllReportedTogether() =>
        Assert.That(ErrorsOf("""
            { "inquiryRepeated": { "moreThan": "three", "window": "-1h" }, "replyOverdu": {},
              "overrides": { "channel": { "Email": { "replyOverdue": { "after": 5 }, "alerts": { "ackTimeout": "0s" } } } } }
            """), Is.EqualTo(new[]
            {
                "inquiryRepeated.moreThan: expected a whole number, got \"three\"",
                "replyOverdu: unknown key; expected one of inquiryRepeated, replyOverdue, queueWaitExceeded, negativePhrase, dissatisfaction, alerts",
                "inquiryRepeated.window: must be a positive duration such as 5m, was -1h",
                "overrides.channel.Email.replyOverdue.after: expected a duration such as 90s, 5m, 4h or 1d, got 5",
                "overrides.channel.Email.alerts.ackTimeout: must be a positive duration such as 5m, was 0s",
            }));

    [Test]
    public void Parse_NegativeWeight_IsNamedAsTheDocumentSpellsTheClass() =>
        Assert.That(ErrorsOf("""{ "negativePhrase": { "weights": { "escalationThreat": -1 } } }"""),
            Is.EqualTo(new[] { "negativePhrase.weights.escalationThreat: must not be negative, was -1" }));

    [Test]
    public void Parse_UnknownPhraseClass_ListsTheClasses() =>
        Assert.That(ErrorsOf("""{ "negativePhrase": { "weights": { "Churn": 2 } } }"""),
            Is.EqualTo(new[] { "negativePhrase.weights.Churn: unknown key; expected one of frustration, escalationThreat, churn, repeatContact" }));

    [Test]
    public void Parse_KeyWrittenTwice_IsNamedWithItsLine() =>
        Assert.That(ErrorsOf("{\n  \"replyOverdue\": { \"after\": \"2m\",\n    \"after\": \"3m\" }\n}"),
            Is.EqualTo(new[] { "$: not valid JSON at line 3, column 5: replyOverdue.after is written twice; a key may appear once in an object" }));

    [Test]
    public void Parse_TrailingComma_GivesLineAndColumnInPlainWords() =>
        Assert.That(ErrorsOf("{\n  \"replyOverdue\": { \"after\": \"2m\", }\n}"),
            Is.EqualTo(new[] { "$: not valid JSON at line 2, column 36: a comma before the closing } or ] has nothing after it" }));

    [Test]
    public void Parse_NotAnObject_SaysWhatCame() =>
        Assert.That(ErrorsOf("[1]").Single(), Does.StartWith("$: expected an object such as").And.EndsWith("got a list"));

    [Test]
    public void Parse_BadOverride_IsNamedWithItsPath() =>
        Assert.That(ErrorsOf("""{ "overrides": { "channel": { "email": { "replyOverdue": { "after": "0s" } } } } }"""),
            Is.EqualTo(new[] { "overrides.channel.email.replyOverdue.after: must be a positive duration such as 5m, was 0s" }));

    [Test]
    public void Parse_UnknownOverrideDimension_IsNamed() =>
        Assert.That(ErrorsOf("""{ "overrides": { "region": {} } }""").Single(), Does.StartWith("overrides.region: unknown override dimension"));

    [Test]
    public void Parse_SeveralProblems_AreAllReported() =>
        Assert.That(ErrorsOf("""{ "inquiryRepeated": { "moreThan": 0 }, "negativePhrase": { "minWeight": 0 }, "alerts": { "ackTimeout": "0s" } }"""),
            Has.Count.EqualTo(3));

    [Test]
    public void Parse_NotJson_IsRejected() =>
        Assert.That(ErrorsOf("{"), Is.EqualTo(new[] { "$: not valid JSON at line 1, column 2: the document ends too early: a closing }, ] or \" is missing" }));

    [Test]
    public void ToJson_RoundTrips()
    {
        var settings = RiskSettings.Parse("""{ "replyOverdue": { "after": "90s" }, "overrides": { "channel": { "email": { "replyOverdue": { "after": "4h" } } } } }""");

        var again = RiskSettings.Parse(settings.ToJson());

        Assert.Multiple(() =>
        {
            Assert.That(again.Defaults.ReplyOverdue.After, Is.EqualTo(TimeSpan.FromSeconds(90)));
            Assert.That(again.For("email", null, null).ReplyOverdue.After, Is.EqualTo(TimeSpan.FromHours(4)));
        });
    }
}
