using RiskTriggers.Engine.Alerts;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Signals;

namespace RiskTriggers.Engine.Processing;

/// <summary>
/// The outcome of one unit of work: an event handled, or deadlines fired at <see cref="At"/>.
/// <see cref="NextDeadline"/> is the earliest deadline this step registered, so the pipeline can wake for it.
/// </summary>
public sealed record EngineStep(
    DateTimeOffset At,
    InteractionEvent? Event,
    bool Duplicate,
    IReadOnlyList<Signal> Signals,
    IReadOnlyList<Alert> Alerts,
    DateTimeOffset? NextDeadline = null,
    Exception? Failure = null)
{
    /// <summary>The settings version the step ran on: read once per step, so a step never mixes two versions.</summary>
    public int SettingsVersion { get; init; }

    /// <summary>Per signal, what the rules made of it (alerted, no rule matched, held by a cooldown).</summary>
    public IReadOnlyList<Partitions.SignalOutcome> Outcomes { get; init; } = [];

    /// <summary>Alerts whose ack timeout ran out in this step: they escalate to the duty supervisor.</summary>
    public IReadOnlyList<Partitions.AlertEscalation> Escalations { get; init; } = [];

    public static EngineStep FailedOn(DateTimeOffset at, InteractionEvent? e, Exception failure) => new(at, e, false, [], [], null, failure);

    public static EngineStep DuplicateOf(InteractionEvent e) => new(e.OccurredAt, e, true, [], []);
}
