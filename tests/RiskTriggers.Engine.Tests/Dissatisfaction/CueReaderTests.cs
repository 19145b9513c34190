using RiskTriggers.Engine.Dissatisfaction;

namespace RiskTriggers.Engine.Tests.Dissatisfaction;

public sealed class CueReaderTests
{
    [Test]
    public void Read_MixedText_CutsCjkGramsAndWordPairs()
    {
        var (cues, shape) = Read("我要cancel my account？！");

        Assert.Multiple(() =>
        {
            Assert.That(cues, Is.SupersetOf(new[] { "我", "我要", "要", "cancel", "my", "cancel my", "account", "my account" }));
            Assert.That(cues, Does.Not.Contain("要cancel"));
            Assert.That(shape, Is.EqualTo(new MessageShape(2, 15, 1, 1)), "full-width ？ and ！ count as ? and !");
        });
    }

    [Test]
    public void Read_EveryCueKey_IsTheKeyOfItsSpelling()
    {
        var sink = new KeyCheck("你们到底 Cancel MY account, please!");
        CueReader.Read(sink.Text, ref sink);
        CueReader.Read(sink.Text, ref sink, CueKey.LatestStart);

        Assert.That(sink.Mismatches, Is.Empty);
    }

    [TestCase("谢谢你们", Language.Zh)]
    [TestCase("thanks a lot", Language.En)]
    [TestCase("iPhone 15 的屏幕坏了", Language.Zh)]
    [TestCase("my order 订单 is late again", Language.En)]
    public void LanguageOf_WeighsIdeographsAgainstLetters(string text, Language expected) =>
        Assert.That(CueReader.LanguageOf(text), Is.EqualTo(expected));

    private static (List<string> Cues, MessageShape Shape) Read(string text)
    {
        var sink = new Spellings(text, []);
        var shape = CueReader.Read(text, ref sink);
        return (sink.Cues, shape);
    }

    private struct Spellings(string text, List<string> cues) : ICueSink
    {
        public readonly List<string> Cues = cues;

        public readonly void Cue(ulong key, Range first, Range second) => Cues.Add(CueReader.Spelling(text, first, second));
    }

    private struct KeyCheck(string text) : ICueSink
    {
        public readonly string Text = text;
        public readonly List<string> Mismatches = [];

        public readonly void Cue(ulong key, Range first, Range second)
        {
            var spelling = CueReader.Spelling(Text, first, second);
            if (CueKey.Of(spelling) != key && CueKey.Of(CueKey.LatestPrefix + spelling) != key)
                Mismatches.Add(spelling);
        }
    }
}
