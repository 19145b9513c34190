using RiskTriggers.Engine.Signals;

namespace RiskTriggers.Engine.Partitions;

/// <summary>What the rules made of one signal.</summary>
public enum OutcomeKind
{
    /// <summary>A rule fired and its alert was raised.</summary>
    Alerted,

    /// <summary>No rule of the pack matched the signal.</summary>
    NoRuleMatched,

    /// <summary>The winning rule is cooling down for this interaction.</summary>
    HeldByCooldown,
}

/// <summary>
/// Per signal: alerted (<see cref="AlertId"/>), no rule matched, or held back by <see cref="Rule"/>'s cooldown
/// (running until <see cref="CooldownUntil"/>, started by alert <see cref="AlertId"/>).
/// </summary>
public sealed record SignalOutcome(Signal Signal, OutcomeKind Kind, string? Rule = null, string? AlertId = null, DateTimeOffset? CooldownUntil = null)
{
    public override string ToString() => Kind switch
    {
        OutcomeKind.Alerted => $"alerted by {Rule} ({AlertId})",
        OutcomeKind.HeldByCooldown => $"held back: {Rule} is cooling down until {CooldownUntil:O} (after {AlertId})",
        _ => "no rule matched",
    };
}

/// <summary>An alert nobody acknowledged within the ack timeout: it escalates to the duty supervisor.</summary>
public sealed record AlertEscalation(string AlertId, string InteractionId, string CustomerId, DateTimeOffset At);
