namespace RiskTriggers.Engine.Intake;

/// <summary>The bounded part of a rejected item's raw input that its dead letter keeps.</summary>
internal static class RawExcerpt
{
    /// <summary>The first <paramref name="max"/> characters (never half a surrogate pair), and the original length if cut.</summary>
    public static (string Text, int? TruncatedFrom) Of(string raw, int max)
    {
        if (raw.Length <= max)
            return (raw, null);
        var end = char.IsHighSurrogate(raw[max - 1]) ? max - 1 : max;
        return (raw[..end], raw.Length);
    }
}
