namespace RiskTriggers.Engine.Signals.Phrases;

/// <summary>One normalised lexicon phrase, the class it signals and the language whose negation rule applies.</summary>
public sealed record LexiconPhrase(string Text, PhraseClass Class, PhraseLanguage Language);

/// <summary>The language a phrase is written in; it picks the negation rule (characters for zh, words for en).</summary>
public enum PhraseLanguage
{
    Chinese,
    English,
}
