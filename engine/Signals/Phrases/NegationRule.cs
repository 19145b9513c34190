namespace RiskTriggers.Engine.Signals.Phrases;

/// <summary>
/// Cues that cancel a phrase when one ends within <see cref="Window"/> units before it, with no clause
/// punctuation in between. The unit is characters for Chinese and words for English.
/// </summary>
public sealed record NegationRule(IReadOnlyList<string> Cues, int Window)
{
    /// <summary>No cues: nothing is negated.</summary>
    public static NegationRule None { get; } = new([], 0);
}
