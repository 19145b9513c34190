using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Engine.State;

namespace RiskTriggers.Engine.Signals.Detectors;

/// <summary>
/// An "absence" trigger: one event starts a clock, another stops it, and if nothing stops it in time the
/// deadline fires on its own. The clock is kept by the customer's partition; the pipeline's scheduler wakes it.
/// </summary>
public abstract class AbsenceDetector(DeadlineKind kind)
{
    /// <summary>"More than" the threshold: a stop that arrives exactly at the threshold still counts.</summary>
    public static readonly TimeSpan Resolution = TimeSpan.FromMilliseconds(1);

    public DeadlineKind Kind => kind;

    public abstract EventType StartedBy { get; }

    public abstract EventType StoppedBy { get; }

    public abstract TimeSpan After(Thresholds thresholds);

    /// <summary>The signal for a deadline that fell due, measured at <paramref name="now"/>.</summary>
    public abstract Signal ToSignal(Deadline deadline, DateTimeOffset now);

    protected static TimeSpan Threshold(Deadline deadline) => deadline.DueAt - deadline.StartedAt - Resolution;
}
