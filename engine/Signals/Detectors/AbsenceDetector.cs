using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Engine.State;

namespace RiskTriggers.Engine.Signals.Detectors;

/// <summary>
/// An "absence" trigger: one event starts a clock, another stops it, and if nothing stops it in time the
/// deadline fires on its own. The clock is a deadline in the store; the pipeline's scheduler wakes it.
/// </summary>
public abstract class AbsenceDetector(IStateStore? store, DeadlineKind kind) : ISignalDetector
{
    /// <summary>"More than" the threshold: a stop that arrives exactly at the threshold still counts.</summary>
    public static readonly TimeSpan Resolution = TimeSpan.FromMilliseconds(1);

    public DeadlineKind Kind => kind;

    public abstract EventType StartedBy { get; }

    public abstract EventType StoppedBy { get; }

    public abstract TimeSpan After(Thresholds thresholds);

    /// <summary>The signal for a deadline that fell due, measured at <paramref name="now"/>.</summary>
    public abstract Signal ToSignal(Deadline deadline, DateTimeOffset now);

    /// <summary>When the deadline this event starts falls due, or null if it starts none.</summary>
    public DateTimeOffset? DueFor(DetectionContext context) =>
        context.Event.Type == StartedBy ? context.Event.OccurredAt + After(context.Thresholds) + Resolution : null;

    public async ValueTask<Signal?> DetectAsync(DetectionContext context, CancellationToken ct)
    {
        // Only the store-backed engine detects through the store; the keyed engine keeps the clock itself.
        ArgumentNullException.ThrowIfNull(store);
        var e = context.Event;
        if (e.Type == StartedBy)
        {
            await store.ScheduleDeadlineAsync(
                new Deadline(kind, e.InteractionId, e.CustomerId, e.EventId, e.OccurredAt, DueFor(context)!.Value), ct);
        }
        else if (e.Type == StoppedBy)
        {
            await store.CancelDeadlineAsync(Deadline.KeyOf(kind, e.InteractionId), ct);
        }
        return null;
    }

    protected static TimeSpan Threshold(Deadline deadline) => deadline.DueAt - deadline.StartedAt - Resolution;
}
