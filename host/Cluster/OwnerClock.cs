namespace RiskTriggers.Host.Cluster;

/// <summary>
/// The wall clock the partition owners read (when an idle stream's event time follows it, the intake's bounds). Its
/// own service, not the host's <see cref="TimeProvider"/>: Orleans runs its timers on that one, so a test that fakes
/// this clock still has grains that tick.
/// </summary>
public sealed class OwnerClock(TimeProvider time)
{
    public TimeProvider Time => time;
}
