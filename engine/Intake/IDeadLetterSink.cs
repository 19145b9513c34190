using RiskTriggers.Engine.Events;

namespace RiskTriggers.Engine.Intake;

/// <summary>Where <see cref="EventIntake"/> hands the events it refuses. Kept for operators by <see cref="State.DeadLetters.IDeadLetters"/>.</summary>
public interface IDeadLetterSink
{
    /// <summary>Keeps a rejected event in the dead-letter store.</summary>
    ValueTask DeadLetterAsync(Rejection rejection, CancellationToken ct = default);
}
