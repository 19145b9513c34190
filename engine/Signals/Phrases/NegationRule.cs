namespace RiskTriggers.Engine.Signals.Phrases;

/// <summary>
/// Cues that cancel a phrase shortly after them, with no clause punctuation in between. <see cref="Window"/>
/// counts characters for Chinese (the cue ends within that many) and words for English (the cue is one of them).
/// </summary>
public sealed record NegationRule(IReadOnlyList<string> Cues, int Window)
{
    /// <summary>No cues: nothing is negated.</summary>
    public static NegationRule None { get; } = new([], 0);
}
