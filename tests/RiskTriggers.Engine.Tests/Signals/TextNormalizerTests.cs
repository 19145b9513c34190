using System.Text;
using NUnit.Framework;
using RiskTriggers.Engine.Signals.Phrases;

namespace RiskTriggers.Engine.Tests.Signals;

/// <summary>The managed NFKC paths must give exactly what ICU gives, char by char and in mixed text.</summary>
public sealed class TextNormalizerTests
{
    private static IEnumerable<char> FastChars()
    {
        for (var c = '\uFF01'; c <= '\uFF5E'; c++)
            yield return c;
        foreach (var c in "\u3000\u3001\u3002\u2018\u2019\u201C\u201D")
            yield return c;
    }

    [Test]
    public void Normalize_EachFullWidthOrStableChar_SameAsIcu()
    {
        foreach (var c in FastChars())
        {
            var text = "a" + c + "退款";
            Assert.That(TextNormalizer.Normalize(text), Is.EqualTo(IcuThenCleanup(text)), $"U+{(int)c:X4}");
        }
    }

    [TestCase("怎么回事，退款还没到账？！")]
    [TestCase("Ｉ ｗａｎｔ　ａ ｒｅｆｕｎｄ，“现在”。")]
    [TestCase("you’re  kidding，１２３１５")]
    public void Normalize_MixedChineseText_SameAsIcu(string text) =>
        Assert.That(TextNormalizer.Normalize(text), Is.EqualTo(IcuThenCleanup(text)));

    [Test]
    public void Normalize_FullWidthBesideCharIcuMustJudge_SameAsIcu()
    {
        const string text = "ｃａｆｅ\u0301，…ｶ";
        Assert.That(TextNormalizer.Normalize(text), Is.EqualTo(IcuThenCleanup(text)));
    }

    // The reference: ICU's NFKC, then the same whitespace and apostrophe cleanup.
    private static string IcuThenCleanup(string text)
    {
        var kc = text.Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder();
        var previousSpace = false;
        foreach (var c in kc)
        {
            var space = char.IsWhiteSpace(c);
            if (!(space && previousSpace))
                sb.Append(space ? ' ' : c == '\u2019' ? '\'' : c);
            previousSpace = space;
        }
        return sb.ToString();
    }
}
