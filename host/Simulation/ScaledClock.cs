using System.Reactive.Concurrency;

namespace RiskTriggers.Host.Simulation;

/// <summary>
/// Simulated time that runs <see cref="Speed"/> times faster than real time from <see cref="Start"/>. It is a
/// <see cref="HistoricalScheduler"/> for the pipeline plus the arithmetic that says where it should be now;
/// the owner moves it on from a real timer (see <see cref="SimulatedTraffic"/>). Speed 1 is wall-clock time.
/// </summary>
public sealed class ScaledClock
{
    private readonly TimeProvider _real;
    private readonly long _startedAt;

    /// <param name="speed">Simulated seconds per real second; more than 0.</param>
    /// <param name="real">Real time; <see cref="TimeProvider.System"/> unless a test fakes it.</param>
    public ScaledClock(double speed, TimeProvider? real = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(speed);
        _real = real ?? TimeProvider.System;
        Speed = speed;
        var now = _real.GetUtcNow();
        Start = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
        _startedAt = _real.GetTimestamp();
        Scheduler = new HistoricalScheduler(Start);
    }

    public double Speed { get; }

    /// <summary>The real time the clock started at, to the second; simulated time starts here too.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>The pipeline's scheduler: it shows simulated time and fires timers as the clock is moved on.</summary>
    public HistoricalScheduler Scheduler { get; }

    /// <summary>Simulated "now", as far as the clock has been moved.</summary>
    public DateTimeOffset Now => Scheduler.Now;

    public TimeProvider RealTime => _real;

    /// <summary>Real time since the clock started.</summary>
    public TimeSpan RealElapsed => _real.GetElapsedTime(_startedAt);

    /// <summary>Where simulated time should be by now: <see cref="Start"/> + real elapsed × speed.</summary>
    public DateTimeOffset Due => Start + RealElapsed * Speed;

    /// <summary>Moves simulated time on to <paramref name="to"/>, firing the timers that fall due on the way; never backwards.</summary>
    public void AdvanceTo(DateTimeOffset to)
    {
        if (to > Scheduler.Now)
            Scheduler.AdvanceTo(to);
    }
}
