using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive.Subjects;
using RiskTriggers.Engine.Pipeline;

namespace RiskTriggers.Engine.Tests.Pipeline;

/// <summary>
/// The scheduler-driven reordering operator, on virtual time only. System.Reactive's own
/// <see cref="HistoricalScheduler"/> stands in for Microsoft.Reactive.Testing's TestScheduler: the only version
/// of that package on offer, 3.1.1, is built against the split Rx 3 assemblies and does not load beside System.Reactive 7.
/// </summary>
public sealed class ReorderWithinLatenessTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 9, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset At(double seconds) => T0 + TimeSpan.FromSeconds(seconds);

    private sealed record Item(string Id, DateTimeOffset Time);

    private static Item I(string id, double seconds) => new(id, At(seconds));

    /// <summary>A virtual clock, an operator under test fed through a subject, and what came out when.</summary>
    private sealed class Rig : IDisposable
    {
        public readonly CountingScheduler Scheduler;
        public readonly Subject<Item> Source = new();
        public readonly List<(string Id, DateTimeOffset EmittedAt)> Out = [];
        public readonly List<string> Late = [];
        public bool Completed;
        public Exception? Error;
        private readonly IDisposable _subscription;

        public Rig(TimeSpan lateness, DateTimeOffset? start = null)
        {
            Scheduler = new CountingScheduler(new HistoricalScheduler(start ?? T0));
            _subscription = Source
                .InTimeOrder(i => i.Time, lateness, Scheduler, late => Late.Add(late.Id))
                .Subscribe(i => Out.Add((i.Id, Scheduler.Now)), e => Error = e, () => Completed = true);
        }

        /// <summary>As a live source or a replay driver would: the clock moves to <paramref name="seconds"/>, then the item arrives.</summary>
        public void Arrive(double seconds, Item item)
        {
            Scheduler.AdvanceTo(At(seconds));
            Source.OnNext(item);
        }

        public void AdvanceTo(double seconds) => Scheduler.AdvanceTo(At(seconds));

        public string[] Ids => Out.Select(o => o.Id).ToArray();

        public void Dispose() => _subscription.Dispose();
    }

    [Test]
    public void OutOfOrderWithinLateness_ComesOutSorted_EachAtItsTimePlusLateness()
    {
        using var rig = new Rig(TimeSpan.FromSeconds(5));
        rig.Arrive(10, I("a", 10));
        rig.Arrive(12, I("b", 8));
        rig.Arrive(13, I("c", 12));
        rig.Arrive(14, I("d", 11));
        Assert.That(rig.Out, Is.EqualTo(new[] { ("b", At(13)) }));
        rig.AdvanceTo(60);

        Assert.Multiple(() =>
        {
            Assert.That(rig.Out, Is.EqualTo(new[] { ("b", At(13)), ("a", At(15)), ("d", At(16)), ("c", At(17)) }));
            Assert.That(rig.Late, Is.Empty);
            Assert.That(rig.Completed, Is.False);
        });
    }

    [Test]
    public void NothingIsEmittedBeforeItsDueTime()
    {
        using var rig = new Rig(TimeSpan.FromSeconds(5));
        rig.Arrive(10, I("a", 10));
        rig.AdvanceTo(14.999);
        Assert.That(rig.Out, Is.Empty);
        rig.AdvanceTo(15);
        Assert.That(rig.Out, Is.EqualTo(new[] { ("a", At(15)) }));
    }

    [Test]
    public void EqualTimes_KeepArrivalOrder()
    {
        using var rig = new Rig(TimeSpan.FromSeconds(5));
        rig.Arrive(10, I("first", 10));
        rig.Arrive(11, I("second", 10));
        rig.Arrive(12, I("earlier", 9));
        rig.Arrive(12, I("third", 10));
        rig.AdvanceTo(60);
        Assert.That(rig.Ids, Is.EqualTo(new[] { "earlier", "first", "second", "third" }));
    }

    [Test]
    public void OlderThanTheLastEmitted_PassedOnAtOnce_AndReportedLate()
    {
        using var rig = new Rig(TimeSpan.FromSeconds(2));
        rig.Arrive(10, I("a", 10));
        rig.AdvanceTo(12);                      // a out at 12
        rig.Arrive(13, I("late", 9));           // older than a: too late to reorder
        rig.Arrive(13, I("same", 10));          // same time as a: still in order, not late; its due time (12) passed
        rig.Arrive(13.5, I("past", 11));        // due 13 already passed: out at once, in order, not late
        rig.Arrive(14, I("held", 13));          // due 15
        rig.Arrive(14, I("late2", 10.5));       // older than past (11): late, out at once even with held waiting
        rig.AdvanceTo(60);

        Assert.Multiple(() =>
        {
            Assert.That(rig.Out, Is.EqualTo(new[]
            {
                ("a", At(12)), ("late", At(13)), ("same", At(13)), ("past", At(13.5)), ("late2", At(14)), ("held", At(15)),
            }));
            Assert.That(rig.Late, Is.EqualTo(new[] { "late", "late2" }));
        });
    }

    [Test]
    public void DuePassedOnArrival_EmittedAtOnce_AfterAnythingHeldThatIsEarlier()
    {
        var lateness = TimeSpan.FromSeconds(5);
        var scheduler = new HistoricalScheduler(T0);
        var source = new Subject<Item>();
        var output = new List<(string, DateTimeOffset)>();
        // Queued before any of the operator's timers, so at 17 these arrivals run before its timer for 17 does.
        scheduler.Schedule(At(17), () =>
        {
            source.OnNext(I("newcomer", 12));   // due 17: reached on arrival; same time as "held", came after it
            source.OnNext(I("older", 11.5));    // due 16.5: passed on arrival
        });
        using var _ = source.InTimeOrder(i => i.Time, lateness, scheduler).Subscribe(i => output.Add((i.Id, scheduler.Now)));
        scheduler.AdvanceTo(At(10));
        source.OnNext(I("held", 12));           // due 17
        source.OnNext(I("held-later", 14));     // due 19
        scheduler.AdvanceTo(At(60));

        // At 17, before the timer: the newcomer is due on arrival; "held" (due now, earlier in arrival) goes first.
        // "older" is older than what just went out: passed on at once. "held-later" keeps its own time.
        Assert.That(output, Is.EqualTo(new[] { ("held", At(17)), ("newcomer", At(17)), ("older", At(17)), ("held-later", At(19)) }));
    }

    [Test]
    public void DuePassedOnArrival_GoesOutAtOnce_AheadOfLaterHeldItems()
    {
        using var rig = new Rig(TimeSpan.FromSeconds(5));
        rig.Arrive(10, I("held", 12));          // due 17
        rig.Arrive(16, I("past", 10));          // due 15: passed, and earlier than everything held
        Assert.That(rig.Out, Is.EqualTo(new[] { ("past", At(16)) }));
        rig.AdvanceTo(60);
        Assert.Multiple(() =>
        {
            Assert.That(rig.Out, Is.EqualTo(new[] { ("past", At(16)), ("held", At(17)) }));
            Assert.That(rig.Late, Is.Empty);
        });
    }

    [Test]
    public void ZeroLateness_IsPassThrough_ForItemsAtOrBeforeTheClock()
    {
        using var rig = new Rig(TimeSpan.Zero);
        rig.Arrive(10, I("now", 10));
        rig.Arrive(10, I("past", 5));           // older than the last emitted: passed on, reported late
        rig.Arrive(11, I("past2", 10.5));       // not late, clock is past it: at once
        Assert.That(rig.Out, Is.EqualTo(new[] { ("now", At(10)), ("past", At(10)), ("past2", At(11)) }));
        rig.Arrive(11, I("future", 12));        // ahead of the clock: waits for it
        Assert.That(rig.Out, Has.Count.EqualTo(3));
        rig.AdvanceTo(12);
        Assert.Multiple(() =>
        {
            Assert.That(rig.Out.Last(), Is.EqualTo(("future", At(12))));
            Assert.That(rig.Late, Is.EqualTo(new[] { "past" }));
        });
    }

    [Test]
    public void Completion_FlushesEverythingHeld_InOrder_ThenCompletes()
    {
        using var rig = new Rig(TimeSpan.FromSeconds(30));
        rig.Arrive(10, I("c", 10));
        rig.Arrive(11, I("a", 8));
        rig.Arrive(12, I("b", 9));
        Assert.That(rig.Out, Is.Empty);
        rig.Source.OnCompleted();

        Assert.Multiple(() =>
        {
            Assert.That(rig.Out, Is.EqualTo(new[] { ("a", At(12)), ("b", At(12)), ("c", At(12)) }));
            Assert.That(rig.Completed, Is.True);
            Assert.That(rig.Scheduler.Pending, Is.Zero, "the timer is cancelled on completion");
        });
        rig.AdvanceTo(120);
        Assert.That(rig.Out, Has.Count.EqualTo(3));
    }

    [Test]
    public void Error_FlushesEverythingHeld_InOrder_ThenForwardsTheError()
    {
        using var rig = new Rig(TimeSpan.FromSeconds(30));
        rig.Arrive(10, I("b", 10));
        rig.Arrive(11, I("a", 8));
        var boom = new InvalidOperationException("boom");
        rig.Source.OnError(boom);

        Assert.Multiple(() =>
        {
            Assert.That(rig.Ids, Is.EqualTo(new[] { "a", "b" }));
            Assert.That(rig.Error, Is.SameAs(boom));
            Assert.That(rig.Completed, Is.False);
            Assert.That(rig.Scheduler.Pending, Is.Zero);
        });
    }

    [Test]
    public void TimeOfThrowing_FlushesWhatIsHeld_ThenErrors_AndUnsubscribes()
    {
        var scheduler = new HistoricalScheduler(T0);
        var source = new Subject<Item>();
        var output = new List<string>();
        Exception? error = null;
        using var _ = source
            .InTimeOrder(i => i.Id == "bad" ? throw new FormatException("no time") : i.Time, TimeSpan.FromSeconds(5), scheduler)
            .Subscribe(i => output.Add(i.Id), e => error = e);
        source.OnNext(I("ok", 0));
        source.OnNext(I("bad", 1));

        Assert.Multiple(() =>
        {
            Assert.That(output, Is.EqualTo(new[] { "ok" }));
            Assert.That(error, Is.InstanceOf<FormatException>());
            Assert.That(source.HasObservers, Is.False);
        });
    }

    [Test]
    public void Replay_OnAHistoricalScheduler_AdvancedToEachItemsTime_GivesSortedOutput_SameAsTheEnumerableReordering()
    {
        var lateness = TimeSpan.FromSeconds(3);
        // A recorded history, in arrival order: mostly in order, some up to 3 s out, one far out (late).
        var history = new[]
        {
            I("e1", 0), I("e3", 2), I("e2", 1), I("e4", 3), I("e7", 6), I("e5", 4), I("e6", 5),
            I("e9", 8.5), I("e8", 7), I("e10", 9), I("e12", 12), I("e11", 10), I("old", 2.5), I("e13", 12), I("e14", 14),
        };

        var scheduler = new HistoricalScheduler(DateTimeOffset.MinValue);
        var source = new Subject<Item>();
        var output = new List<Item>();
        var late = new List<string>();
        using var _ = source.InTimeOrder(i => i.Time, lateness, scheduler, i => late.Add(i.Id)).Subscribe(output.Add);

        // The replay driver: the clock follows the events (never backwards), then the rest drains.
        foreach (var item in history)
        {
            if (item.Time > scheduler.Now)
                scheduler.AdvanceTo(item.Time);
            source.OnNext(item);
        }
        scheduler.AdvanceTo(history.Max(i => i.Time) + lateness);
        source.OnCompleted();

        var inOrder = output.Where(i => i.Id != "old").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(output.Select(i => i.Id), Is.EquivalentTo(history.Select(i => i.Id)), "nothing lost");
            Assert.That(inOrder.Select(i => i.Time), Is.Ordered);
            Assert.That(inOrder.Select(i => i.Id), Is.EqualTo(Enumerable.Range(1, 14).Select(n => $"e{n}")));
            Assert.That(late, Is.EqualTo(new[] { "old" }));
            Assert.That(output.Select(i => i.Id), Is.EqualTo(history.InTimeOrder(i => i.Time, lateness).Select(i => i.Id)),
                "replay on the scheduler agrees with the enumerable reordering of the same history");
        });
    }

    [Test]
    public void Timer_OnlyOnePending_AtATime_RearmedForAnEarlierHead()
    {
        using var rig = new Rig(TimeSpan.FromSeconds(10));
        var maxPending = 0;
        void Check() => maxPending = Math.Max(maxPending, rig.Scheduler.Pending);

        rig.Arrive(0, I("a", 0));
        Check();
        Assert.That((rig.Scheduler.Pending, rig.Scheduler.Scheduled), Is.EqualTo((1, 1)));

        // Later items: the timer for the head (due 10) stays; no new one.
        for (var s = 1; s <= 5; s++)
        {
            rig.Arrive(s, I($"later{s}", s));
            Check();
        }
        Assert.That((rig.Scheduler.Pending, rig.Scheduler.Scheduled), Is.EqualTo((1, 1)));

        // An earlier item: the timer is replaced by one for its due time (still one pending).
        rig.Arrive(5, I("earlier", -2));
        Check();
        Assert.That((rig.Scheduler.Pending, rig.Scheduler.Scheduled, rig.Scheduler.Cancelled), Is.EqualTo((1, 2, 1)));

        for (var s = 6; s <= 30; s++)
        {
            rig.AdvanceTo(s);
            Check();
        }
        Assert.Multiple(() =>
        {
            Assert.That(rig.Ids, Is.EqualTo(new[] { "earlier", "a", "later1", "later2", "later3", "later4", "later5" }));
            Assert.That(maxPending, Is.EqualTo(1));
            Assert.That(rig.Scheduler.Pending, Is.Zero, "nothing held, no timer");
            // One timer per release instant (8, 10, 11, 12, 13, 14, 15), plus the one replaced.
            Assert.That(rig.Scheduler.Scheduled, Is.EqualTo(8));
        });
    }

    [Test]
    public void Timer_ManyItems_NeverMoreThanOnePending()
    {
        using var rig = new Rig(TimeSpan.FromSeconds(2));
        var maxPending = 0;
        var random = new Random(8);
        var times = new Dictionary<string, DateTimeOffset>();
        for (var n = 0; n < 500; n++)
        {
            var clock = n * 0.1;
            var item = I($"i{n}", clock - random.NextDouble() * 1.9);
            times[item.Id] = item.Time;
            rig.Arrive(clock, item);
            maxPending = Math.Max(maxPending, rig.Scheduler.Pending);
        }
        rig.AdvanceTo(500);
        Assert.Multiple(() =>
        {
            Assert.That(maxPending, Is.EqualTo(1));
            Assert.That(rig.Scheduler.Pending, Is.Zero);
            Assert.That(rig.Out, Has.Count.EqualTo(500));
            Assert.That(rig.Late, Is.Empty);
            Assert.That(rig.Out.Select(o => times[o.Id]), Is.Ordered, "every arrival was within the lateness: all in order");
        });
    }

    [Test]
    public void Dispose_CancelsTheTimer_AndNothingMoreComesOut()
    {
        var rig = new Rig(TimeSpan.FromSeconds(5));
        rig.Arrive(0, I("a", 0));
        Assert.That(rig.Scheduler.Pending, Is.EqualTo(1));
        rig.Dispose();
        rig.AdvanceTo(60);
        Assert.Multiple(() =>
        {
            Assert.That(rig.Scheduler.Pending, Is.Zero);
            Assert.That(rig.Out, Is.Empty);
            Assert.That(rig.Source.HasObservers, Is.False);
        });
    }

    [Test]
    public void ReentrantOnNext_FromDownstream_IsQueued_NotNested()
    {
        var scheduler = new HistoricalScheduler(At(100));
        var source = new Subject<Item>();
        var output = new List<string>();
        var depth = 0;
        var maxDepth = 0;
        using var _ = source.InTimeOrder(i => i.Time, TimeSpan.Zero, scheduler).Subscribe(i =>
        {
            depth++;
            maxDepth = Math.Max(maxDepth, depth);
            output.Add(i.Id);
            if (i.Id == "a")
                source.OnNext(I("b", 2));   // fed back while "a" is being delivered
            depth--;
        });
        source.OnNext(I("a", 1));
        Assert.That((string.Join(",", output), maxDepth), Is.EqualTo(("a,b", 1)));
    }

    [Test]
    public void ConcurrentSources_NeverOverlapDownstream_AndLoseNothing()
    {
        // Smoke test: the outcome checked does not depend on the interleaving.
        var scheduler = new CountingScheduler(new HistoricalScheduler(At(1000)));
        var source = new Subject<Item>();
        var inside = 0;
        var overlaps = 0;
        var output = new List<Item>();
        var completed = false;
        using var _ = source.InTimeOrder(i => i.Time, TimeSpan.FromSeconds(10), scheduler).Subscribe(i =>
        {
            if (Interlocked.Increment(ref inside) != 1)
                Interlocked.Increment(ref overlaps);
            output.Add(i);
            Interlocked.Decrement(ref inside);
        }, () => completed = true);

        const int threads = 4, each = 2000;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            for (var n = 0; n < each; n++)
                source.OnNext(new Item($"{t}-{n}", At(980 + (n % 40))));   // some at once, some held
        });
        source.OnCompleted();

        Assert.Multiple(() =>
        {
            Assert.That(overlaps, Is.Zero);
            Assert.That(completed, Is.True);
            Assert.That(output.Select(i => i.Id).Distinct().Count(), Is.EqualTo(threads * each));
            Assert.That(scheduler.Pending, Is.Zero);
        });
    }

    /// <summary>
    /// Wraps a virtual-time scheduler: counts actions scheduled, cancelled, and pending (scheduled, neither run nor
    /// cancelled). Calls to the inner scheduler are serialised, since <see cref="HistoricalScheduler"/> is not thread-safe.
    /// </summary>
    private sealed class CountingScheduler(HistoricalScheduler inner) : IScheduler
    {
        private readonly object _gate = new();
        private int _pending;

        public int Pending => Volatile.Read(ref _pending);
        public int Scheduled { get; private set; }
        public int Cancelled { get; private set; }

        public DateTimeOffset Now { get { lock (_gate) return inner.Now; } }

        public void AdvanceTo(DateTimeOffset time) => inner.AdvanceTo(time);

        public IDisposable Schedule<TState>(TState state, Func<IScheduler, TState, IDisposable> action) =>
            Schedule(state, Now, action);

        public IDisposable Schedule<TState>(TState state, TimeSpan dueTime, Func<IScheduler, TState, IDisposable> action) =>
            Schedule(state, Now + dueTime, action);

        public IDisposable Schedule<TState>(TState state, DateTimeOffset dueTime, Func<IScheduler, TState, IDisposable> action)
        {
            var done = 0;
            IDisposable scheduled;
            lock (_gate)
            {
                Scheduled++;
                Interlocked.Increment(ref _pending);
                scheduled = inner.ScheduleAbsolute(state, dueTime, (_, s) =>
                {
                    if (Interlocked.Exchange(ref done, 1) == 0)
                        Interlocked.Decrement(ref _pending);
                    return action(this, s);
                });
            }
            return Disposable.Create(() =>
            {
                if (Interlocked.Exchange(ref done, 1) == 0)
                {
                    Interlocked.Decrement(ref _pending);
                    lock (_gate)
                        Cancelled++;
                }
                lock (_gate)
                    scheduled.Dispose();
            });
        }
    }
}
