using System.Buffers;
using System.Collections.Frozen;

namespace RiskTriggers.Engine.Signals.Phrases;

/// <summary>
/// Finds the non-negated lexicon phrases in a message in one left-to-right pass: at each position the
/// longest phrase wins and hits never overlap. Immutable and thread-safe; build one per lexicon and share it.
/// </summary>
public sealed class PhraseSpotter
{
    private static readonly Func<PhraseClass, double> NoWeight = static _ => 0;

    private readonly Lexicon _lexicon;
    private readonly SearchValues<string> _anyPhrase;

    // Phrases by the upper-case form of their first character (OrdinalIgnoreCase's folding), longest first.
    private readonly FrozenDictionary<char, Candidate[]> _byFirstChar;

    public PhraseSpotter(Lexicon lexicon)
    {
        ArgumentNullException.ThrowIfNull(lexicon);
        _lexicon = lexicon;
        var texts = lexicon.Phrases.Select(p => p.Text).ToArray();
        _anyPhrase = SearchValues.Create(texts, StringComparison.OrdinalIgnoreCase);
        _byFirstChar = lexicon.Phrases
            .Select(p => new Candidate(p, TextNormalizer.IsWordChar(p.Text[0]), TextNormalizer.IsWordChar(p.Text[^1])))
            .GroupBy(c => char.ToUpperInvariant(c.Phrase.Text[0]))
            .ToFrozenDictionary(g => g.Key, g => g.OrderByDescending(c => c.Phrase.Text.Length).ToArray());
    }

    /// <summary>The form of a message that hit positions refer to.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TextNormalizer.Normalize(text);
    }

    /// <summary>Hits with weight 0, for callers that weigh classes themselves.</summary>
    public IReadOnlyList<PhraseHit> Spot(string text) => Spot(text, NoWeight);

    /// <summary>Hits in text order; positions are in <see cref="Normalize"/>(<paramref name="text"/>).</summary>
    public IReadOnlyList<PhraseHit> Spot(string text, Func<PhraseClass, double> weightOf)
    {
        ArgumentNullException.ThrowIfNull(weightOf);
        var normalized = Normalize(text).AsSpan();
        List<PhraseHit>? hits = null;
        var position = 0;
        while (position < normalized.Length)
        {
            var offset = normalized[position..].IndexOfAny(_anyPhrase);
            if (offset < 0)
                break;
            position += offset;
            if (LongestAt(normalized, position) is not { } match)
            {
                position++;
                continue;
            }
            if (!IsNegated(normalized, position, match))
                (hits ??= []).Add(new PhraseHit(match.Text, match.Class, weightOf(match.Class), position));
            position += match.Text.Length;
        }
        return hits ?? (IReadOnlyList<PhraseHit>)[];
    }

    private LexiconPhrase? LongestAt(ReadOnlySpan<char> text, int start)
    {
        if (!_byFirstChar.TryGetValue(char.ToUpperInvariant(text[start]), out var candidates))
            return null;
        foreach (var candidate in candidates)
        {
            var end = start + candidate.Phrase.Text.Length;
            if (text[start..].StartsWith(candidate.Phrase.Text, StringComparison.OrdinalIgnoreCase)
                && !(candidate.BoundedStart && start > 0 && TextNormalizer.IsWordChar(text[start - 1]))
                && !(candidate.BoundedEnd && end < text.Length && TextNormalizer.IsWordChar(text[end])))
                return candidate.Phrase;
        }
        return null;
    }

    private bool IsNegated(ReadOnlySpan<char> text, int start, LexiconPhrase phrase) =>
        phrase.Language == PhraseLanguage.Chinese
            ? Negation.ChineseCueBefore(text, start, _lexicon.ChineseNegation)
            : Negation.EnglishCueBefore(text, start, _lexicon.EnglishNegation);

    /// <summary>A phrase and whether its ends must sit on word boundaries (they are letters or digits of a spaced script).</summary>
    private sealed record Candidate(LexiconPhrase Phrase, bool BoundedStart, bool BoundedEnd);
}
