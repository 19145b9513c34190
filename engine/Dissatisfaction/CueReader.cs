namespace RiskTriggers.Engine.Dissatisfaction;

/// <summary>Receives the cues of a message; a struct, so reading a message allocates nothing.</summary>
public interface ICueSink
{
    /// <summary>A cue at <paramref name="first"/> of the text, and for a word pair also at <paramref name="second"/>.</summary>
    void Cue(ulong key, Range first, Range second);
}

/// <summary>What a message looks like apart from its words.</summary>
public readonly record struct MessageShape(int CjkChars, int WordChars, int Questions, int Exclamations)
{
    /// <summary>Chinese when its ideographs outweigh its Latin letters (an ideograph carries about a word's worth).</summary>
    public Language Language => CjkChars * 4 >= WordChars && CjkChars > 0 ? Language.Zh : Language.En;
}

/// <summary>
/// Cuts a message into the model's cues: character 1- to 3-grams of CJK runs, words and word pairs of other
/// scripts. Mixed text ("我要cancel") gives both kinds; punctuation ends a word pair.
/// </summary>
public static class CueReader
{
    public const int MaxCjkGram = 3;

    public static MessageShape Read<TSink>(ReadOnlySpan<char> text, ref TSink sink, ulong origin = 0) where TSink : struct, ICueSink
    {
        if (origin == 0)
            origin = CueKey.Start;
        int cjk = 0, wordChars = 0, questions = 0, exclamations = 0;
        var previousWord = default(Range?);
        var previousWordKey = 0UL;
        var i = 0;
        while (i < text.Length)
        {
            var c = CueText.Fold(text[i]);
            if (CueText.IsCjk(c))
            {
                var end = RunEnd(text, i, CueText.IsCjk);
                CjkGrams(text, i, end, ref sink, origin);
                cjk += end - i;
                previousWord = null;
                i = end;
            }
            else if (CueText.IsWordChar(c))
            {
                var end = RunEnd(text, i, CueText.IsWordChar);
                var key = KeyOf(text[i..end], origin);
                sink.Cue(key, i..end, default);
                if (previousWord is { } previous)
                    sink.Cue(KeyOf(text[i..end], CueKey.Add(previousWordKey, ' ')), previous, i..end);
                previousWord = i..end;
                previousWordKey = key;
                wordChars += end - i;
                i = end;
            }
            else
            {
                if (c == '?') questions++;
                else if (c == '!') exclamations++;
                if (!char.IsWhiteSpace(c))
                    previousWord = null;
                i++;
            }
        }
        return new MessageShape(cjk, wordChars, questions, exclamations);
    }

    /// <summary>The language of a message by a quick count of its chars, as <see cref="MessageShape.Language"/> decides.</summary>
    public static Language LanguageOf(ReadOnlySpan<char> text)
    {
        int cjk = 0, word = 0;
        foreach (var raw in text)
        {
            var c = CueText.Fold(raw);
            if (CueText.IsCjk(c)) cjk++;
            else if (CueText.IsWordChar(c)) word++;
        }
        return new MessageShape(cjk, word, 0, 0).Language;
    }

    private static void CjkGrams<TSink>(ReadOnlySpan<char> text, int start, int end, ref TSink sink, ulong origin) where TSink : struct, ICueSink
    {
        for (var i = start; i < end; i++)
        {
            var hash = origin;
            for (var n = 1; n <= MaxCjkGram && i + n <= end; n++)
            {
                hash = CueKey.Add(hash, CueText.Fold(text[i + n - 1]));
                sink.Cue(hash, i..(i + n), default);
            }
        }
    }

    private static ulong KeyOf(ReadOnlySpan<char> word, ulong hash)
    {
        foreach (var c in word)
            hash = CueKey.Add(hash, CueText.Fold(c));
        return hash;
    }

    private static int RunEnd(ReadOnlySpan<char> text, int start, Func<char, bool> inRun)
    {
        var end = start + 1;
        while (end < text.Length && inRun(CueText.Fold(text[end])))
            end++;
        return end;
    }

    /// <summary>The cue's spelling in a model file: folded, a word pair joined by one space.</summary>
    public static string Spelling(ReadOnlySpan<char> text, Range first, Range second) =>
        second.Equals(default(Range))
            ? CueText.Folded(text[first])
            : CueText.Folded(text[first]) + " " + CueText.Folded(text[second]);
}
