using RiskTriggers.Engine.Events;

namespace RiskTriggers.Engine.Intake;

/// <summary>Where <see cref="EventIntake"/> hands the events it refuses. Every <see cref="State.IStateStore"/> is one (its bounded dead-letter log).</summary>
public interface IDeadLetterSink
{
    /// <summary>Keeps a rejected event in the dead-letter store.</summary>
    ValueTask DeadLetterAsync(Rejection rejection, CancellationToken ct = default);
}
