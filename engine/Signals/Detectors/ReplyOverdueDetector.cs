using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Engine.State;

namespace RiskTriggers.Engine.Signals.Detectors;

/// <summary>A customer message left without an agent reply for too long (per-channel thresholds).</summary>
public sealed class ReplyOverdueDetector() : AbsenceDetector(DeadlineKind.ReplyOverdue)
{
    public override EventType StartedBy => EventType.CustomerMessage;

    public override EventType StoppedBy => EventType.AgentMessage;

    public override TimeSpan After(Thresholds thresholds) => thresholds.ReplyOverdue.After;

    public override Signal ToSignal(Deadline deadline, DateTimeOffset now) =>
        new ReplyOverdue(deadline.Subject, deadline.CustomerId, now, deadline.EventId, now - deadline.StartedAt, Threshold(deadline));
}
