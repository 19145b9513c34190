namespace RiskTriggers.Engine.Signals.Phrases;

/// <summary>
/// The obvious negations only: a cue shortly before the phrase in the same clause. Anything subtler
/// (double negation, negated questions) is left to the phrase weights and the rules.
/// </summary>
internal static class Negation
{
    /// <summary>A cue ends at most <c>Window - 1</c> characters before <paramref name="start"/>, no clause break between.</summary>
    public static bool ChineseCueBefore(ReadOnlySpan<char> text, int start, NegationRule rule)
    {
        for (var gap = 0; gap < rule.Window && start - gap > 0; gap++)
        {
            var end = start - gap;
            if (gap > 0 && TextNormalizer.IsClauseBreak(text[end]))
                return false;
            for (var i = 0; i < rule.Cues.Count; i++)
            {
                if (text[..end].EndsWith(rule.Cues[i], StringComparison.OrdinalIgnoreCase))
                    return true;
            }
        }
        return false;
    }

    /// <summary>One of the <c>Window</c> words before <paramref name="start"/> is a cue, no clause break between.</summary>
    public static bool EnglishCueBefore(ReadOnlySpan<char> text, int start, NegationRule rule)
    {
        var i = start - 1;
        for (var words = 0; words < rule.Window; words++)
        {
            for (; i >= 0 && !IsWordPart(text[i]); i--)
            {
                if (TextNormalizer.IsClauseBreak(text[i]))
                    return false;
            }
            if (i < 0)
                return false;
            var end = i + 1;
            while (i >= 0 && IsWordPart(text[i]))
                i--;
            if (IsCue(text[(i + 1)..end], rule.Cues))
                return true;
        }
        return false;
    }

    private static bool IsCue(ReadOnlySpan<char> word, IReadOnlyList<string> cues)
    {
        for (var i = 0; i < cues.Count; i++)
        {
            if (word.Equals(cues[i], StringComparison.OrdinalIgnoreCase))
                return true;
        }
        return false;
    }

    // "won't" is one word; hyphens, quotes and brackets separate words like spaces do.
    private static bool IsWordPart(char c) => c == '\'' || char.IsLetterOrDigit(c);
}
