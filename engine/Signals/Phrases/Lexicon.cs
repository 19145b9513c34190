namespace RiskTriggers.Engine.Signals.Phrases;

/// <summary>
/// Negative phrases by class and language, plus the negation rule of each language. Built by
/// <see cref="Parse"/> (or by PhraseSpotter's inline-list constructor), so every phrase and cue is
/// normalised and no phrase appears twice.
/// </summary>
public sealed class Lexicon
{
    internal Lexicon(IReadOnlyList<LexiconPhrase> phrases, NegationRule chinese, NegationRule english)
    {
        Phrases = phrases;
        ChineseNegation = chinese;
        EnglishNegation = english;
    }

    public IReadOnlyList<LexiconPhrase> Phrases { get; }

    /// <summary>Chinese cues; a cue must end within the last <c>Window</c> characters before the phrase.</summary>
    public NegationRule ChineseNegation { get; }

    /// <summary>English cues (single words); a cue must be one of the <c>Window</c> words before the phrase.</summary>
    public NegationRule EnglishNegation { get; }

    /// <summary>Reads the lexicon JSON (see docs/lexicon.md).</summary>
    /// <exception cref="FormatException">The JSON is malformed; the message names the bad key or phrase.</exception>
    public static Lexicon Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return LexiconReader.Read(json);
    }
}
