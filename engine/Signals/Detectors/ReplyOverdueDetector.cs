using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Engine.State;

namespace RiskTriggers.Engine.Signals.Detectors;

/// <summary>A customer message left without an agent reply for too long (per-channel thresholds).</summary>
public sealed class ReplyOverdueDetector(IStateStore store) : AbsenceDetector(store, DeadlineKind.ReplyOverdue)
{
    protected override EventType StartedBy => EventType.CustomerMessage;

    protected override EventType StoppedBy => EventType.AgentMessage;

    protected override TimeSpan After(Thresholds thresholds) => thresholds.ReplyOverdue.After;

    public override Signal ToSignal(Deadline deadline, DateTimeOffset now) =>
        new ReplyOverdue(deadline.Subject, deadline.CustomerId, now, deadline.EventId, now - deadline.StartedAt, Threshold(deadline));
}
