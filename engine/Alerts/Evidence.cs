namespace RiskTriggers.Engine.Alerts;

/// <summary>Why a signal fired: the events behind it, the threshold it crossed and what was measured.</summary>
public sealed record Evidence(
    string Signal,
    IReadOnlyList<string> EventIds,
    string Threshold,
    string Measured,
    string? Phrase = null,
    string? PhraseClass = null);
