using RiskTriggers.Engine.Signals;
using RiskTriggers.Engine.Signals.Phrases;

namespace RiskTriggers.Engine.Tests.Signals;

public sealed class PhraseSpotterTests
{
    private const string LexiconJson = """
        {
          "phrases": {
            "frustration": { "zh": ["怎么回事", "受不了"], "en": ["ridiculous", "this is a joke"] },
            "escalationThreat": { "zh": ["我要投诉", "投诉", "12315"], "en": ["sue you", "complaint"] },
            "churn": { "zh": ["销户"], "en": ["cancel my account"] },
            "repeatContact": { "zh": ["第三次"], "en": ["third time"] }
          },
          "negation": {
            "zh": { "cues": ["不是", "没有", "没", "不", "不会"], "windowChars": 2 },
            "en": { "cues": ["not", "no", "won't", "don't"], "windowWords": 3 }
          }
        }
        """;

    private static readonly PhraseSpotter Spotter = new(Lexicon.Parse(LexiconJson));

    private static string[] Phrases(string text) => Spotter.Spot(text).Select(h => h.Phrase).ToArray();

    [TestCase("这到底怎么回事", "怎么回事", PhraseClass.Frustration)]
    [TestCase("This is ridiculous", "ridiculous", PhraseClass.Frustration)]
    [TestCase("再不处理就投诉", "投诉", PhraseClass.EscalationThreat)]
    [TestCase("I will sue you", "sue you", PhraseClass.EscalationThreat)]
    [TestCase("帮我销户", "销户", PhraseClass.Churn)]
    [TestCase("Please cancel my account", "cancel my account", PhraseClass.Churn)]
    [TestCase("这是第三次了", "第三次", PhraseClass.RepeatContact)]
    [TestCase("third time calling", "third time", PhraseClass.RepeatContact)]
    public void Spot_PhraseOfEachClassAndLanguage_ReportsPhraseAndClass(string text, string phrase, PhraseClass phraseClass)
    {
        var hits = Spotter.Spot(text);

        Assert.That(hits, Has.Count.EqualTo(1));
        Assert.That(hits[0].Phrase, Is.EqualTo(phrase));
        Assert.That(hits[0].Class, Is.EqualTo(phraseClass));
    }

    [TestCase("ＲＩＤＩＣＵＬＯＵＳ", "ridiculous")]
    [TestCase("我打了１２３１５", "12315")]
    [TestCase("RiDiCuLoUs", "ridiculous")]
    [TestCase("cancel   my\t\naccount", "cancel my account")]
    [TestCase("cancel\u3000my account", "cancel my account")]
    public void Spot_WidthCaseOrWhitespaceVariant_MatchesNormalisedPhrase(string text, string phrase) =>
        Assert.That(Phrases(text), Is.EqualTo(new[] { phrase }));

    [Test]
    public void Spot_LongerPhraseAtSamePosition_WinsAndHidesShorterOne() =>
        Assert.That(Phrases("我要投诉你们"), Is.EqualTo(new[] { "我要投诉" }));

    [TestCase("I will pursue you")]
    [TestCase("That was ridiculously fast")]
    [TestCase("No complaints here")]
    [TestCase("订单号9123156")]
    public void Spot_PhraseInsideLongerWordOrNumber_IsNotReported(string text) =>
        Assert.That(Spotter.Spot(text), Is.Empty);

    [TestCase("打12315了", "12315")]
    [TestCase("(ridiculous)", "ridiculous")]
    [TestCase("我觉得ridiculous", "ridiculous")]
    public void Spot_PhraseNextToPunctuationOrChinese_IsReported(string text, string phrase) =>
        Assert.That(Phrases(text), Is.EqualTo(new[] { phrase }));

    [TestCase("不是投诉")]
    [TestCase("我不会投诉你们")]
    [TestCase("我不要投诉")]
    [TestCase("不是我要投诉")]
    public void Spot_NegatedChinesePhrase_IsNotReported(string text) =>
        Assert.That(Spotter.Spot(text), Is.Empty);

    [TestCase("不知道怎么回事", "怎么回事")]
    [TestCase("不！我要投诉", "我要投诉")]
    [TestCase("没有，投诉", "投诉")]
    public void Spot_ChineseCueOutsideWindowOrBehindPunctuation_DoesNotNegate(string text, string phrase) =>
        Assert.That(Phrases(text), Is.EqualTo(new[] { phrase }));

    [TestCase("not ridiculous")]
    [TestCase("I won't cancel my account")]
    [TestCase("I don’t want to cancel my account")]
    [TestCase("NOT really that ridiculous")]
    public void Spot_NegatedEnglishPhrase_IsNotReported(string text) =>
        Assert.That(Spotter.Spot(text), Is.Empty);

    [TestCase("No! This is ridiculous")]
    [TestCase("I do not think it is ridiculous")]
    [TestCase("I know it is ridiculous")]
    public void Spot_EnglishCueBehindPunctuationOutsideWindowOrInsideWord_DoesNotNegate(string text) =>
        Assert.That(Phrases(text), Is.EqualTo(new[] { "ridiculous" }));

    [Test]
    public void Spot_SeveralPhrases_ReportsEachInOrderWithNormalisedPositions()
    {
        var hits = Spotter.Spot("怎么回事？第三次了，我要投诉   Ridiculous");

        Assert.That(hits.Select(h => (h.Phrase, h.Class, h.Position)), Is.EqualTo(new[]
        {
            ("怎么回事", PhraseClass.Frustration, 0),
            ("第三次", PhraseClass.RepeatContact, 5),
            ("我要投诉", PhraseClass.EscalationThreat, 10),
            ("ridiculous", PhraseClass.Frustration, 15),
        }));
    }

    [Test]
    public void Spot_Position_IndexesTheNormalisedText()
    {
        const string text = "ＴＨＩＳ  is   a joke";

        var hit = Spotter.Spot(text).Single();

        Assert.That(PhraseSpotter.Normalize(text).Substring(hit.Position, hit.Phrase.Length), Is.EqualTo("THIS is a joke"));
    }

    [TestCase("")]
    [TestCase("   ")]
    [TestCase("您好，请问账单什么时候出？")]
    public void Spot_TextWithoutPhrases_ReturnsNoHits(string text) =>
        Assert.That(Spotter.Spot(text), Is.Empty);

    [Test]
    public void Spot_WithWeights_AppliesWeightOfEachClass()
    {
        var hits = Spotter.Spot("受不了，我要投诉", c => c == PhraseClass.EscalationThreat ? 3 : 1);

        Assert.That(hits.Select(h => h.Weight), Is.EqualTo(new[] { 1.0, 3.0 }));
    }

    [Test]
    public void Spot_WithoutWeights_ReportsWeightZero() =>
        Assert.That(Spotter.Spot("ridiculous").Single().Weight, Is.Zero);

    [Test]
    public void Spot_ManyThreadsAtOnce_AllSeeTheSameHits()
    {
        var results = new string[64][];

        Parallel.For(0, results.Length, i => results[i] = Phrases("怎么回事，I will sue you"));

        Assert.That(results, Has.All.EqualTo(new[] { "怎么回事", "sue you" }));
    }

    [Test]
    public void Normalize_FullWidthSpacesAndCurlyApostrophe_BecomeAscii() =>
        Assert.That(PhraseSpotter.Normalize("Ｉ don’t\t\t know，１２３"), Is.EqualTo("I don't know,123"));

    [Test]
    public void Parse_ValidLexicon_NormalisesPhrasesAndReadsNegation()
    {
        var lexicon = Lexicon.Parse("""
            { "phrases": { "churn": { "en": ["  Cancel   MY account "] } },
              "negation": { "en": { "cues": ["NOT"], "windowWords": 2 } } }
            """);

        Assert.That(lexicon.Phrases, Is.EqualTo(new[] { new LexiconPhrase("cancel my account", PhraseClass.Churn, PhraseLanguage.English) }));
        Assert.That(lexicon.EnglishNegation.Cues, Is.EqualTo(new[] { "not" }));
        Assert.That(lexicon.EnglishNegation.Window, Is.EqualTo(2));
        Assert.That(lexicon.ChineseNegation, Is.SameAs(NegationRule.None));
    }

    [TestCase("""{"phrases":{"anger":{"en":["x"]}}}""", "unknown phrase class 'anger' at phrases.anger")]
    [TestCase("""{"phrases":{"churn":{"en":["quit", "  "]}}}""", "empty phrase at phrases.churn.en[1]")]
    [TestCase("""{"phrases":{"churn":{"zh":["投诉"]},"escalationThreat":{"zh":["投诉"]}}}""",
        "duplicate phrase '投诉' at phrases.escalationThreat.zh[0]; already at phrases.churn.zh[0]")]
    [TestCase("""{"phrases":{"churn":{"en":["Quit"]},"frustration":{"en":["ＱＵＩＴ"]}}}""", "duplicate phrase 'quit'")]
    [TestCase("""{"phrases":{"churn":{"fr":["adieu"]}}}""", "unknown language 'fr' at phrases.churn.fr")]
    [TestCase("""{"phrases":{"churn":{"en":[42]}}}""", "phrases.churn.en[0] must be a string")]
    [TestCase("""{"phrase":{}}""", "unknown key 'phrase'")]
    [TestCase("""{"negation":{}}""", "missing key 'phrases'")]
    [TestCase("""{"phrases":{},"negation":{"zh":{"cues":["不"],"windowChars":0}}}""", "negation.zh.windowChars must be a whole number")]
    [TestCase("""{"phrases":{},"negation":{"zh":{"cues":["不"],"windowWords":2}}}""", "unknown key 'windowWords' at negation.zh")]
    [TestCase("""{"phrases":{},"negation":{"en":{"cues":["not at all"],"windowWords":2}}}""", "cue 'not at all' at negation.en.cues must be a single word")]
    [TestCase("""{"phrases":{},"negation":{"en":{"cues":[""],"windowWords":2}}}""", "empty cue at negation.en.cues[0]")]
    [TestCase("""{"phrases": [""", "not valid JSON")]
    public void Parse_InvalidLexicon_ThrowsFormatExceptionNamingTheProblem(string json, string message) =>
        Assert.That(() => Lexicon.Parse(json), Throws.TypeOf<FormatException>().With.Message.Contains(message));
}
