namespace RiskTriggers.Engine.Events;

/// <summary>Size limits applied by <see cref="EventValidator"/>.</summary>
public sealed record EventLimits
{
    /// <summary>Longest accepted message text, in characters. Default 4,000.</summary>
    public int MaxTextLength { get; init; } = 4_000;

    /// <summary>Longest accepted identifier (event, interaction, customer, agent). Default 128.</summary>
    public int MaxIdLength { get; init; } = 128;

    public static EventLimits Default { get; } = new();
}
