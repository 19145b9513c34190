using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive.Linq;

namespace RiskTriggers.Engine.Pipeline;

/// <summary>
/// Reordering within the allowed lateness as a scheduler-driven Rx operator, the same live and in replay:
/// live it runs on a scheduler with real timers, in replay on a virtual-time scheduler
/// (e.g. <see cref="HistoricalScheduler"/>) that the replay driver advances to each event's time.
/// </summary>
/// <remarks>
/// <para><b>Lateness.</b> An item of time <c>t</c> is held until the scheduler's clock reaches
/// <c>t + lateness</c> (its due time), then emitted. Emitted items come out in (time, arrival) order.
/// The clock minus the lateness is the watermark: an item is released once the watermark reaches its time.
/// With zero lateness this is pass-through: an item is emitted as soon as the clock is at or past its time,
/// so items whose time has passed go straight through.</para>
/// <para><b>Late items.</b> An item older than the last item already emitted can no longer go in order. It is
/// emitted at once anyway, so nothing is lost, and it is reported to <c>onLate</c> just before that (so
/// callers can count late events). An item of the same time as the last emitted one is not late. An item
/// whose due time had already passed when it came, but which is not late, is emitted at once, after anything
/// held that is earlier.</para>
/// <para><b>Timers.</b> There is at most one pending scheduled action: it is set for the earliest held due time.
/// When an earlier item comes, it is cancelled and set again. When it fires, it releases what is due and sets the
/// next timer for the new head. A timer already set earlier than the head (the head was released by an arrival
/// first) is kept: it re-arms when it fires. Only the <see cref="IScheduler"/> is used for time, never the wall clock.</para>
/// <para><b>Replay.</b> On a virtual-time scheduler that the driver advances to each event's time (never backwards)
/// before feeding it, the output is the same as <see cref="Reordering.InTimeOrder{T}"/> over the same events.</para>
/// <para><b>Termination.</b> On completion everything still held is flushed in order, then OnCompleted.
/// On error everything still held is also flushed in order (items already accepted are not lost),
/// then OnError. An exception thrown by <c>timeOf</c> is handled like a source error.</para>
/// <para><b>Threading.</b> The source may call OnNext from any thread. The operator's state is guarded by a lock.
/// Downstream calls (and <c>onLate</c>) are made outside it, one at a time, in the order they were decided.
/// The caller that finds the outbox idle drains it, so the Rx grammar holds: there is never a concurrent
/// OnNext. <see cref="IScheduler.Schedule{TState}(TState, DateTimeOffset, Func{IScheduler, TState, IDisposable})"/>
/// is also called outside the lock. Use a scheduler whose timed actions run later, not on the calling thread
/// (not <see cref="ImmediateScheduler"/>, which would block).</para>
/// </remarks>
public static class ReorderWithinLateness
{
    public static IObservable<T> InTimeOrder<T>(
        this IObservable<T> source,
        Func<T, DateTimeOffset> timeOf,
        TimeSpan lateness,
        IScheduler scheduler,
        Action<T>? onLate = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(timeOf);
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentOutOfRangeException.ThrowIfLessThan(lateness, TimeSpan.Zero);

        return Observable.Create<T>(observer =>
        {
            var sink = new Sink<T>(observer, timeOf, lateness, scheduler, onLate);
            sink.Run(source);
            return sink;
        });
    }

    private sealed class Sink<T> : IObserver<T>, IDisposable
    {
        private readonly IObserver<T> _downstream;
        private readonly Func<T, DateTimeOffset> _timeOf;
        private readonly TimeSpan _lateness;
        private readonly IScheduler _scheduler;
        private readonly Action<T>? _onLate;
        private readonly SingleAssignmentDisposable _upstream = new();

        private readonly object _gate = new();
        // Everything below is guarded by _gate.
        private readonly PriorityQueue<T, (DateTimeOffset Time, long Sequence)> _held = new();
        private readonly Queue<(T Item, bool Late)> _outbox = new();
        private long _sequence;
        private DateTimeOffset _lastEmitted = DateTimeOffset.MinValue;
        private bool _stopped;            // the source terminated (or timeOf threw): no more input is accepted
        private bool _disposed;
        private bool _draining;           // some thread is delivering the outbox
        private bool _terminalPending;
        private Exception? _error;
        // The one timer: the due time it is for (null: none), its generation, and its handle once Schedule returned.
        // Every replacement, cancellation or firing bumps the generation, so a stale timer that fires anyway is ignored.
        private DateTimeOffset? _timerDue;
        private long _timerGeneration;
        private IDisposable? _timer;

        public Sink(IObserver<T> downstream, Func<T, DateTimeOffset> timeOf, TimeSpan lateness, IScheduler scheduler, Action<T>? onLate)
        {
            _downstream = downstream;
            _timeOf = timeOf;
            _lateness = lateness;
            _scheduler = scheduler;
            _onLate = onLate;
        }

        public void Run(IObservable<T> source) => _upstream.Disposable = source.SubscribeSafe(this);

        public void OnNext(T value)
        {
            DateTimeOffset at;
            try
            {
                at = _timeOf(value);
            }
            catch (Exception ex)
            {
                _upstream.Dispose();
                Terminate(ex);
                return;
            }

            Arming arming = default;
            lock (_gate)
            {
                if (_stopped || _disposed)
                    return;
                if (at < _lastEmitted)
                {
                    // Too late to go in order: passed on at once and reported.
                    _outbox.Enqueue((value, true));
                }
                else
                {
                    _held.Enqueue(value, (at, _sequence++));
                    ReleaseDue(_scheduler.Now);
                    arming = PlanTimer();
                }
            }
            Apply(arming);
            Drain();
        }

        public void OnCompleted() => Terminate(null);

        public void OnError(Exception error) => Terminate(error);

        private void Terminate(Exception? error)
        {
            IDisposable? timer;
            lock (_gate)
            {
                if (_stopped || _disposed)
                    return;
                _stopped = true;
                while (_held.TryDequeue(out var item, out var key))
                {
                    _lastEmitted = key.Time;
                    _outbox.Enqueue((item, false));
                }
                timer = CancelTimer();
                _error = error;
                _terminalPending = true;
            }
            timer?.Dispose();
            Drain();
        }

        private void Tick(long generation)
        {
            Arming arming;
            lock (_gate)
            {
                if (generation != _timerGeneration || _stopped || _disposed)
                    return; // replaced or cancelled, fired anyway
                // The scheduler fired the timer for its due time: take the clock as having reached it,
                // even if a live clock reads a hair earlier.
                var due = _timerDue!.Value;
                _timerGeneration++;
                _timerDue = null;
                _timer = null;
                var now = _scheduler.Now;
                ReleaseDue(now > due ? now : due);
                arming = PlanTimer();
            }
            Apply(arming);
            Drain();
        }

        /// <summary>Under the gate: moves every held item due at or before <paramref name="now"/> to the outbox, in order.</summary>
        private void ReleaseDue(DateTimeOffset now)
        {
            while (_held.TryPeek(out _, out var key) && DueOf(key.Time) <= now)
            {
                _lastEmitted = key.Time;
                _outbox.Enqueue((_held.Dequeue(), false));
            }
        }

        private DateTimeOffset DueOf(DateTimeOffset time) =>
            time > DateTimeOffset.MaxValue - _lateness ? DateTimeOffset.MaxValue : time + _lateness;

        /// <summary>What to do about the timer once outside the gate: dispose <see cref="Cancel"/>, and schedule one if <see cref="Schedule"/>.</summary>
        private readonly record struct Arming(bool Schedule, DateTimeOffset Due, long Generation, IDisposable? Cancel);

        /// <summary>
        /// Under the gate: decides the one timer. A timer already set for the head's due time or earlier is kept
        /// (when it fires it releases what is due and sets the next one); a later one, or none, is replaced by one
        /// for the head; with nothing held the timer is cancelled.
        /// </summary>
        private Arming PlanTimer()
        {
            if (!_held.TryPeek(out _, out var key))
                return _timerDue is null ? default : new Arming(false, default, 0, CancelTimer());
            var due = DueOf(key.Time);
            if (_timerDue is { } armed && armed <= due)
                return default;
            var cancel = CancelTimer();
            _timerDue = due;
            return new Arming(true, due, _timerGeneration, cancel);
        }

        /// <summary>Under the gate: forgets the current timer and hands back its handle to dispose outside the gate.</summary>
        private IDisposable? CancelTimer()
        {
            var timer = _timer;
            _timer = null;
            _timerDue = null;
            _timerGeneration++;
            return timer;
        }

        /// <summary>Outside the gate: disposes a replaced timer and schedules the new one.</summary>
        private void Apply(Arming arming)
        {
            arming.Cancel?.Dispose();
            if (!arming.Schedule)
                return;
            var scheduled = _scheduler.Schedule(
                (Sink: this, arming.Generation),
                arming.Due,
                static (_, state) =>
                {
                    state.Sink.Tick(state.Generation);
                    return Disposable.Empty;
                });
            lock (_gate)
            {
                if (arming.Generation == _timerGeneration)
                {
                    _timer = scheduled;
                    return;
                }
            }
            // Replaced, cancelled or already fired while Schedule was being called.
            scheduled.Dispose();
        }

        /// <summary>
        /// Delivers the outbox downstream outside the gate, one call at a time, in the order decided under it.
        /// Whoever finds it idle drains it; others (and re-entrant calls) only add to it.
        /// </summary>
        private void Drain()
        {
            lock (_gate)
            {
                if (_draining)
                    return;
                _draining = true;
            }
            var handedBack = false;
            try
            {
                while (true)
                {
                    (T Item, bool Late) next;
                    Exception? error = null;
                    var terminal = false;
                    lock (_gate)
                    {
                        if (_disposed)
                        {
                            _outbox.Clear();
                            _draining = false;
                            handedBack = true;
                            return;
                        }
                        if (!_outbox.TryDequeue(out next))
                        {
                            if (!_terminalPending)
                            {
                                _draining = false;
                                handedBack = true;
                                return;
                            }
                            // _draining stays set: nothing may follow the terminal message.
                            _terminalPending = false;
                            terminal = true;
                            error = _error;
                            _error = null;
                        }
                    }
                    if (terminal)
                    {
                        handedBack = true;
                        if (error is null)
                            _downstream.OnCompleted();
                        else
                            _downstream.OnError(error);
                        return;
                    }
                    if (next.Late)
                        _onLate?.Invoke(next.Item);
                    _downstream.OnNext(next.Item);
                }
            }
            finally
            {
                // A downstream (or onLate) exception propagates to the caller; the next caller drains the rest.
                if (!handedBack)
                    lock (_gate)
                        _draining = false;
            }
        }

        public void Dispose()
        {
            IDisposable? timer;
            lock (_gate)
            {
                if (_disposed)
                    return;
                _disposed = true;
                _held.Clear();
                timer = CancelTimer();
            }
            timer?.Dispose();
            _upstream.Dispose();
        }
    }
}
