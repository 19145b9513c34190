namespace RiskTriggers.Engine.Intake;

/// <summary>
/// What intakes did since start, for metrics. Thread-safe; several intakes (HTTP, streams) may share one.
/// Every count only grows, so each is a monotonic counter.
/// </summary>
public sealed class IntakeCounters
{
    private long _accepted;
    private long _rejected;
    private long _duplicates;
    private long _withdrawn;

    /// <summary>Items accepted: valid, dated within the bounds, not seen before.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Items refused and dead-lettered.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Items dropped because their event id was already accepted.</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Accepted events the caller could not pass on (a full queue) and took back, see <see cref="EventIntake.Withdraw"/>.</summary>
    public long Withdrawn => Interlocked.Read(ref _withdrawn);

    internal void CountAccepted() => Interlocked.Increment(ref _accepted);
    internal void CountRejected() => Interlocked.Increment(ref _rejected);
    internal void CountDuplicate() => Interlocked.Increment(ref _duplicates);
    internal void CountWithdrawn() => Interlocked.Increment(ref _withdrawn);
}
