namespace RiskTriggers.Engine.Dissatisfaction;

/// <summary>
/// The character rules the model's cues are cut by, one char at a time so scoring never allocates:
/// full-width forms fold to ASCII ("？" is "?"), case folds, and a char is CJK, part of a word, or a break.
/// </summary>
public static class CueText
{
    /// <summary>Full-width ASCII to ASCII, the ideographic space to a space, lower case.</summary>
    public static char Fold(char c)
    {
        if (c is >= '\uFF01' and <= '\uFF5E')
            c = (char)(c - 0xFEE0);
        else if (c == '\u3000')
            c = ' ';
        // Ideographs and kana have no case: skip the runtime's per-char ICU call (a fifth of a replay's CPU).
        return IsCjk(c) ? c : char.ToLowerInvariant(c);
    }

    /// <summary>Han ideographs (and kana): text with no spaces between words, cut into character n-grams.</summary>
    public static bool IsCjk(char c) =>
        c is >= '\u3400' and <= '\u4DBF' or >= '\u4E00' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF'
            or >= '\u3040' and <= '\u30FF';

    /// <summary>A letter, digit or apostrophe of a script that separates words with spaces.</summary>
    /// <remarks>The lexicon's word chars (one definition), plus the apostrophe, so "don't" is one cue.</remarks>
    public static bool IsWordChar(char c) => c == '\'' || Signals.Phrases.TextNormalizer.IsWordChar(c);

    /// <summary>The folded form of a whole cue, as the model file spells it.</summary>
    public static string Folded(ReadOnlySpan<char> text)
    {
        Span<char> buffer = text.Length <= 256 ? stackalloc char[text.Length] : new char[text.Length];
        for (var i = 0; i < text.Length; i++)
            buffer[i] = Fold(text[i]);
        return new string(buffer);
    }
}
