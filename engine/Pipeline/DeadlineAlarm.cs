using System.Reactive.Concurrency;
using System.Reactive.Disposables;

namespace RiskTriggers.Engine.Pipeline;

/// <summary>
/// One timer on the pipeline's scheduler, set for the earliest known deadline. Deadlines themselves are data
/// in the engine's partitions; the alarm only says "look now". On a virtual clock it goes off at exactly the due time.
/// </summary>
public sealed class DeadlineAlarm(IScheduler scheduler, TimeSpan? pollInterval, Action<DateTimeOffset> wake) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly SerialDisposable _timer = new();
    private DateTimeOffset? _armedFor;

    /// <summary>Makes sure the alarm goes off no later than <paramref name="due"/> (and no later than the poll interval).</summary>
    public void ArmAt(DateTimeOffset? due)
    {
        var target = Earliest(due, pollInterval is { } poll ? scheduler.Now + poll : null);
        if (target is null)
            return;
        lock (_gate)
        {
            if (_armedFor is { } armed && armed <= target)
                return;
            _armedFor = target;
            _timer.Disposable = scheduler.Schedule(target.Value, GoOff);
        }
    }

    public void Dispose() => _timer.Dispose();

    private void GoOff()
    {
        lock (_gate)
            _armedFor = null;
        wake(scheduler.Now);
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;
}
