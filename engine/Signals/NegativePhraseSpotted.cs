using RiskTriggers.Engine.Alerts;

namespace RiskTriggers.Engine.Signals;

/// <summary>A customer message contains (non-negated) negative phrases whose weight reached the threshold.</summary>
public sealed record NegativePhraseSpotted(
    string InteractionId,
    string CustomerId,
    DateTimeOffset DetectedAt,
    string MessageEventId,
    IReadOnlyList<PhraseHit> Hits,
    double Weight,
    double MinWeight) : Signal(InteractionId, CustomerId, DetectedAt)
{
    /// <summary>The most telling class among the hits (highest weight).</summary>
    public PhraseClass StrongestClass => Hits.MaxBy(h => h.Weight)!.Class;

    public bool Threatens => Hits.Any(h => h.Class == PhraseClass.EscalationThreat);

    public override string TriggeringEventId => MessageEventId;

    public override Evidence ToEvidence() => new(
        Kind, [MessageEventId], $"phrase weight at least {MinWeight}", $"weight {Weight}",
        string.Join(", ", Hits.Select(h => h.Phrase)), string.Join(", ", Hits.Select(h => h.Class.WireName()).Distinct()));
}

/// <summary>One lexicon phrase found in a message, at a character position of the normalised text.</summary>
public sealed record PhraseHit(string Phrase, PhraseClass Class, double Weight, int Position);
