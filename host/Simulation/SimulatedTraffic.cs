using RiskTriggers.Engine.Events;
using RiskTriggers.Simulation;

namespace RiskTriggers.Host.Simulation;

/// <summary>
/// Simulated contact-center traffic played live: the generator's events, re-based to start now, are pushed to
/// an observer as their timestamps come due on a <see cref="ScaledClock"/>. On every tick of a real timer the
/// clock moves on to where real time × speed puts it, stopping at each due event first so that deadlines
/// between events fire in true order. Whatever consumes the events (the demo, <c>serve --simulate</c>) runs
/// its pipeline on <see cref="Clock"/>'s scheduler.
/// </summary>
public sealed class SimulatedTraffic
{
    /// <summary>How often the clock is moved on, in real time.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    /// <summary>Simulated time the clock keeps running after the last event, so pending deadlines still fire.</summary>
    public static readonly TimeSpan DefaultDrain = TimeSpan.FromMinutes(30);

    private readonly IEnumerable<InteractionEvent> _events;

    private SimulatedTraffic(IEnumerable<InteractionEvent> events, ScaledClock clock)
    {
        _events = events;
        Clock = clock;
    }

    public ScaledClock Clock { get; }

    /// <summary>Events pushed so far.</summary>
    public long EventsSent { get; private set; }

    /// <summary>A clock started now at <paramref name="speed"/>, and the traffic of <paramref name="options"/> starting with it.</summary>
    public static SimulatedTraffic StartNow(TrafficOptions options, double speed, TimeProvider? realTime = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clock = new ScaledClock(speed, realTime);
        return new SimulatedTraffic(new TrafficGenerator(options with { Start = clock.Start }).Generate(), clock);
    }

    /// <summary>
    /// Pushes the events to <paramref name="sink"/> as they come due, calling <paramref name="afterTick"/> after
    /// each tick, until the traffic is done (and drained) or <paramref name="ct"/> is cancelled; then completes the sink.
    /// </summary>
    public async Task RunAsync(IObserver<InteractionEvent> sink, Action? afterTick = null, TimeSpan? drain = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(sink);
        using var timer = new PeriodicTimer(Tick, Clock.RealTime);
        using var source = _events.GetEnumerator();
        var pending = source.MoveNext() ? source.Current : null;
        var doneAt = DateTimeOffset.MaxValue;
        try
        {
            while (Clock.Now < doneAt && await timer.WaitForNextTickAsync(ct))
            {
                var due = Clock.Due;
                while (pending is not null && pending.OccurredAt <= due)
                {
                    Clock.AdvanceTo(pending.OccurredAt);
                    sink.OnNext(pending);
                    EventsSent++;
                    pending = source.MoveNext() ? source.Current : null;
                    if (pending is null)
                        doneAt = Clock.Now + (drain ?? DefaultDrain);
                }
                Clock.AdvanceTo(due < doneAt ? due : doneAt);
                afterTick?.Invoke();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopped: fall through and complete the sink.
        }
        sink.OnCompleted();
    }
}
