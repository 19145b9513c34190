// TEMPORARY stand-in until the phrases branch lands; not committed.
namespace RiskTriggers.Engine.Signals.Phrases;
public sealed class PhraseSpotter
{
    private readonly (string Phrase, PhraseClass Class)[] _phrases;
    public PhraseSpotter((string, PhraseClass)[] phrases) => _phrases = phrases;
    public IReadOnlyList<PhraseHit> Spot(string text) =>
        _phrases.Where(p => text.Contains(p.Phrase, StringComparison.OrdinalIgnoreCase))
            .Select(p => new PhraseHit(p.Phrase, p.Class, 0, text.IndexOf(p.Phrase, StringComparison.OrdinalIgnoreCase))).ToList();
}
