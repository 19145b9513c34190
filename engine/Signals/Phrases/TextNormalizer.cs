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
            Form.Kc => text,
            Form.FullWidth => Narrowed(text),
            _ => text.IsNormalized(NormalizationForm.FormKC) ? text : text.Normalize(NormalizationForm.FormKC),
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

    private enum Form { Kc, FullWidth, AskIcu }

    /// <summary>
    /// NFKC without asking ICU where the chars tell (ICU was a tenth of a replay's CPU on Chinese text, and its
    /// normalisation of the generator's full-width commas a sixth of the benchmark's pipeline): <see cref="Form.Kc"/>
    /// when every char is NFKC as it is (ASCII, a CJK unified ideograph, or one of <see cref="IsStable"/>),
    /// <see cref="Form.FullWidth"/> when the others are full-width forms or the ideographic space (each has a
    /// single-char compatibility decomposition to ASCII, and nothing here composes), otherwise ICU must say.
    /// </summary>
    private static Form KnownForm(string text)
    {
        var form = Form.Kc;
        foreach (var c in text)
        {
            if (c < '\u0080' || c is >= '\u4E00' and <= '\u9FFF' || IsStable(c))
                continue;
            if (c is >= '\uFF01' and <= '\uFF5E' or '\u3000')
                form = Form.FullWidth;
            else
                return Form.AskIcu;
        }
        return form;
    }

    /// <summary>Punctuation common in Chinese text with no decomposition: NFKC leaves it as it is.</summary>
    internal static bool IsStable(char c) => c is '\u3001' or '\u3002' or '\u2018' or '\u2019' or '\u201C' or '\u201D';

    /// <summary>NFKC of a text of <see cref="Form.FullWidth"/>: U+FF01..U+FF5E are U+0021..U+007E, U+3000 a space.</summary>
    internal static string Narrowed(string text) =>
        string.Create(text.Length, text, static (chars, source) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                var c = source[i];
                chars[i] = c is >= '\uFF01' and <= '\uFF5E' ? (char)(c - 0xFEE0) : c == '\u3000' ? ' ' : c;
            }
        });

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
