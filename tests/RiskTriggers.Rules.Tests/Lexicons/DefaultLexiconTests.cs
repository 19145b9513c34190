using RiskTriggers.Engine.Signals;
using RiskTriggers.Engine.Signals.Phrases;
using RiskTriggers.Rules.Lexicons;

namespace RiskTriggers.Rules.Tests.Lexicons;

public sealed class DefaultLexiconTests
{
    private static readonly PhraseSpotter Spotter = new(DefaultLexicon.Load());

    [Test]
    public void Load_CalledTwice_ReturnsTheSameParsedLexicon()
    {
        var first = DefaultLexicon.Load();

        Assert.That(DefaultLexicon.Load(), Is.SameAs(first));
    }

    [Test]
    public void Load_EachClass_HasChineseAndEnglishPhrases(
        [Values] PhraseClass phraseClass, [Values] PhraseLanguage language) =>
        Assert.That(DefaultLexicon.Load().Phrases, Has.Some.Matches<LexiconPhrase>(p => p.Class == phraseClass && p.Language == language));

    [Test]
    public void Load_NegationRules_HaveCuesAndWindowsForBothLanguages()
    {
        var lexicon = DefaultLexicon.Load();

        Assert.That(lexicon.ChineseNegation.Cues, Does.Contain("不是").And.Contain("没有"));
        Assert.That(lexicon.ChineseNegation.Window, Is.EqualTo(2));
        Assert.That(lexicon.EnglishNegation.Cues, Does.Contain("not").And.Contain("won't"));
        Assert.That(lexicon.EnglishNegation.Window, Is.EqualTo(3));
    }

    [TestCase("怎么回事，退款还没到账", "怎么回事", PhraseClass.Frustration)]
    [TestCase("这种服务从来没见过", "从来没见过", PhraseClass.Frustration)]
    [TestCase("我要投诉你们", "我要投诉", PhraseClass.EscalationThreat)]
    [TestCase("我已经打了12315", "12315", PhraseClass.EscalationThreat)]
    [TestCase("我要去网上曝光", "曝光", PhraseClass.EscalationThreat)]
    [TestCase("This is ridiculous", "ridiculous", PhraseClass.Frustration)]
    [TestCase("Please cancel my account today", "cancel my account", PhraseClass.Churn)]
    [TestCase("这是我第三次打来了", "第三次", PhraseClass.RepeatContact)]
    [TestCase("I'm calling for the third time", "third time", PhraseClass.RepeatContact)]
    public void Spot_SeedPhrase_IsFoundWithItsClass(string text, string phrase, PhraseClass phraseClass)
    {
        var hits = Spotter.Spot(text);

        Assert.That(hits.Select(h => (h.Phrase, h.Class)), Does.Contain((phrase, phraseClass)));
    }

    [TestCase("您好，请问我的账单什么时候出？")]
    [TestCase("Thanks, that solved it. Have a nice day!")]
    [TestCase("我不会投诉你们的，放心")]
    [TestCase("It's not ridiculous at all, I won't cancel my account")]
    public void Spot_CalmOrNegatedMessage_FindsNothing(string text) =>
        Assert.That(Spotter.Spot(text), Is.Empty);
}
