using System.Buffers;
using System.Text;

namespace RiskTriggers.Engine.Signals.Phrases;

/// <summary>
/// The one normalisation shared by phrases and messages: NFKC (full-width to half-width), the typographic
/// apostrophe as ASCII, whitespace runs as one space. Case stays; matching ignores it (ordinal).
/// </summary>
internal static class TextNormalizer
{
    // Clause punctuation stops negation from reaching across it. Full-width forms are already ASCII after NFKC.
    private static readonly SearchValues<char> ClauseBreaks = SearchValues.Create(".,!?;:…。、");

    public static string Normalize(string text)
    {
        var kc = KnownForm(text) switch
        {
            true => text,
            false => text.Normalize(NormalizationForm.FormKC),
            null => text.IsNormalized(NormalizationForm.FormKC) ? text : text.Normalize(NormalizationForm.FormKC),
        };
        return NeedsCleanup(kc) ? Cleanup(kc) : kc;
    }

    /// <summary>Normalised, lower-cased and trimmed: the canonical form of a lexicon phrase or cue.</summary>
    public static string Canonical(string phrase) => Normalize(phrase).Trim().ToLowerInvariant();

    public static bool IsClauseBreak(char c) => ClauseBreaks.Contains(c);

    /// <summary>
    /// A letter or digit of a script that separates words with spaces. CJK, kana and Hangul (U+2E80 and up)
    /// are not, so "打12315" and "我要cancel my account" still match on their boundaries.
    /// </summary>
    public static bool IsWordChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || (c > '\u007f' && c < '\u2e80' && char.IsLetterOrDigit(c));

    /// <summary>
    /// NFKC without asking ICU where the chars tell (its check was a tenth of a replay's CPU on Chinese text):
    /// true when every char is ASCII or a CJK unified ideograph (all NFKC as they are), false when one is a
    /// full-width form (each has a compatibility decomposition), null when ICU must say.
    /// </summary>
    private static bool? KnownForm(string text)
    {
        bool? known = true;
        foreach (var c in text)
        {
            if (c is >= '\uFF01' and <= '\uFF5E')
                return false;
            if (c >= '\u0080' && c is not (>= '\u4E00' and <= '\u9FFF'))
                known = null;
        }
        return known;
    }

    private static bool NeedsCleanup(string text)
    {
        var previousSpace = false;
        foreach (var c in text)
        {
            var space = char.IsWhiteSpace(c);
            if ((space && (c != ' ' || previousSpace)) || c == '\u2019')
                return true;
            previousSpace = space;
        }
        return false;
    }

    private static string Cleanup(string text)
    {
        var buffer = ArrayPool<char>.Shared.Rent(text.Length);
        var length = 0;
        var previousSpace = false;
        foreach (var c in text)
        {
            var space = char.IsWhiteSpace(c);
            if (!(space && previousSpace))
                buffer[length++] = space ? ' ' : c == '\u2019' ? '\'' : c;
            previousSpace = space;
        }
        var result = new string(buffer, 0, length);
        ArrayPool<char>.Shared.Return(buffer);
        return result;
    }
}
