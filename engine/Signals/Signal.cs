using RiskTriggers.Engine.Alerts;

namespace RiskTriggers.Engine.Signals;

/// <summary>
/// Something measured about an interaction that may warrant an alert. Detectors (Rx side) produce signals;
/// rules (NRules side) decide what to do about them.
/// </summary>
public abstract record Signal(string InteractionId, string CustomerId, DateTimeOffset DetectedAt)
{
    /// <summary>Stable name of the signal kind, e.g. "ReplyOverdue".</summary>
    public string Kind => GetType().Name;

    /// <summary>The event that completed the signal; makes alert ids deterministic across replays.</summary>
    public abstract string TriggeringEventId { get; }

    public abstract Evidence ToEvidence();
}
