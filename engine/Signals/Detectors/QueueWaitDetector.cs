using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Engine.State;

namespace RiskTriggers.Engine.Signals.Detectors;

/// <summary>An interaction left waiting in a queue with no agent assigned for too long.</summary>
public sealed class QueueWaitDetector() : AbsenceDetector(DeadlineKind.QueueWaitExceeded)
{
    public override EventType StartedBy => EventType.QueueEntered;

    public override EventType StoppedBy => EventType.AgentAssigned;

    public override TimeSpan After(Thresholds thresholds) => thresholds.QueueWaitExceeded.After;

    public override Signal ToSignal(Deadline deadline, DateTimeOffset now) =>
        new QueueWaitExceeded(deadline.Subject, deadline.CustomerId, now, deadline.EventId, now - deadline.StartedAt, Threshold(deadline));
}
