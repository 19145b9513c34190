using System.Reactive.Concurrency;
using System.Reactive.Disposables;

namespace RiskTriggers.Host.Hosting;

/// <summary>
/// The host's Rx clock is its <see cref="TimeProvider"/>: "now" and every timer come from it, so the engine's
/// deadlines (reply, queue wait, ack timeout) and the alert book's timestamps share one clock, and a test that
/// fakes the time provider moves the engine's deadlines with it. Not a <see cref="LocalScheduler"/>: that one waits
/// for absolute due times on the system clock, whatever its <see cref="Now"/> says.
/// </summary>
internal sealed class TimeProviderScheduler(TimeProvider time) : IScheduler
{
    public DateTimeOffset Now => time.GetUtcNow();

    public IDisposable Schedule<TState>(TState state, Func<IScheduler, TState, IDisposable> action) =>
        Schedule(state, TimeSpan.Zero, action);

    public IDisposable Schedule<TState>(TState state, DateTimeOffset dueTime, Func<IScheduler, TState, IDisposable> action) =>
        Schedule(state, dueTime - Now, action);

    public IDisposable Schedule<TState>(TState state, TimeSpan dueTime, Func<IScheduler, TState, IDisposable> action)
    {
        var run = new SingleAssignmentDisposable();
        void Run()
        {
            if (!run.IsDisposed)
                run.Disposable = action(this, state);
        }
        var due = Scheduler.Normalize(dueTime);
        if (due == TimeSpan.Zero)
        {
            // Not through a timer: a fake time provider would wait for the next Advance to run it.
            ThreadPool.UnsafeQueueUserWorkItem(static run => run(), Run, preferLocal: false);
            return run;
        }
        var timer = time.CreateTimer(static run => ((Action)run!)(), (Action)Run, due, Timeout.InfiniteTimeSpan);
        return new CompositeDisposable(run, timer);
    }
}
