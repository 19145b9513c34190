using System.Globalization;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Partitions;
using RiskTriggers.Engine.Pipeline;
using RiskTriggers.Engine.Processing;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Rules;
using RiskTriggers.Simulation;

namespace RiskTriggers.Engine.Tests.Pipeline;

/// <summary>
/// A replay on several partition workers makes what a replay on one thread makes, in the same order: the same
/// steps (every event's, and one per wake-up of the clock, the workers' merged), with the same signals, alerts,
/// outcomes and escalations. Time is virtual throughout; nothing waits on a clock.
/// </summary>
public sealed class ParallelReplayTests
{
    // Short deadlines and no cooldown: many timers, many at the same instant, many alerts and escalations.
    private static readonly RiskSettings Tight = RiskSettings.Parse(
        """{ "replyOverdue": { "after": "1m" }, "queueWaitExceeded": { "after": "2m" }, "alerts": { "cooldown": "0s", "ackTimeout": "1m" } }""", version: 2);

    [TestCase(1, 2)]
    [TestCase(2, 3)]
    [TestCase(3, 8)]
    public void Run_GeneratedTrafficOnWholeMinutes_SameTraceAsOneThread(int seed, int threads)
    {
        // Every event on a whole minute: events, and the deadlines they set, share timestamps across partitions.
        var events = Traffic(seed).Select(e => e with { OccurredAt = WholeMinute(e.OccurredAt) }).ToList();

        var parallel = Trace(events, threads, Tight);

        Assert.That(parallel, Is.EqualTo(Trace(events, 1, Tight)));
        Assert.That(parallel.Alerts, Has.Count.GreaterThan(100), "alerts in the trace");
    }

    [TestCase(2)]
    [TestCase(5)]
    public void Run_LateEventsWithPastDueDeadlines_SameTraceAsOneThread(int threads)
    {
        // Every 7th event is stamped 3 minutes before its place in the stream: handled at the clock's time, its
        // deadlines (1 minute after its own time) are already due, and fire at the next advance of the clock.
        var events = Traffic(4).Select((e, i) => i % 7 == 3 ? e with { OccurredAt = e.OccurredAt - TimeSpan.FromMinutes(3) } : e).ToList();

        var parallel = Trace(events, threads, Tight);

        Assert.That(parallel, Is.EqualTo(Trace(events, 1, Tight)));
    }

    [Test]
    public void Run_DefaultSettingsWithDrain_SameTraceAsOneThread()
    {
        var events = Traffic(5).ToList();

        Assert.That(Trace(events, 2, RiskSettings.BuiltIn), Is.EqualTo(Trace(events, 1, RiskSettings.BuiltIn)));
    }

    [Test]
    public void Run_TwoEnginesSideBySide_EachEngineSameTraceAsOneThread()
    {
        var events = Traffic(6).Select(e => e with { OccurredAt = WholeMinute(e.OccurredAt) }).ToList();
        StepTrace[] Sides(int threads)
        {
            var sides = new[] { new StepTrace(), new StepTrace() };
            Replay.Run(events, [Engine(RiskSettings.BuiltIn), Engine(Tight)], (engine, step) => sides[engine].Add(step), threads: threads);
            return sides;
        }

        var parallel = Sides(4);
        var single = Sides(1);

        Assert.That(parallel[0], Is.EqualTo(single[0]));
        Assert.That(parallel[1], Is.EqualTo(single[1]));
    }

    [Test]
    public void Run_ConsumerHeldUp_ReaderStaysWithinTheFlowBound()
    {
        // All events at one instant: one move per event, so the reader's lead is counted in events.
        var flow = new ReplayFlow(BatchSize: 8, Capacity: 2);
        var at = new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);
        var pulled = 0;
        using var full = new ManualResetEventSlim();
        IEnumerable<InteractionEvent> Events()
        {
            for (var i = 0; i < 2_000; i++)
            {
                if (Interlocked.Increment(ref pulled) == flow.MaxMovesAhead)
                    full.Set();
                yield return new InteractionEvent($"e-{i}", EventType.InteractionStarted, at, $"ix-{i}", $"cust-{i}");
            }
        }
        var delivered = 0;
        var lead = 0;

        new ParallelReplay([Engine(RiskSettings.BuiltIn)], 2, flow).Run(Events(), TimeSpan.Zero, (_, step) =>
        {
            if (step.Event is null)
                return;
            // Held up at the first step until the stages ahead have filled every channel up to the bound.
            if (delivered == 0)
                Assert.That(full.Wait(TimeSpan.FromSeconds(30)), Is.True, "the reader never got the bound ahead");
            lead = Math.Max(lead, Volatile.Read(ref pulled) - delivered);
            delivered++;
        });

        Assert.That(delivered, Is.EqualTo(2_000));
        Assert.That(lead, Is.LessThanOrEqualTo(flow.MaxMovesAhead));
    }

    [Test]
    public void Run_WorkerThrows_FailsNamingTheWorkerWithoutHanging()
    {
        var failure = new InvalidOperationException("worker broke");
        var flow = new ReplayFlow(BatchSize: 16, Capacity: 2) { BeforeBatch = worker => { if (worker == 1) throw failure; } };
        var replay = new ParallelReplay([Engine(RiskSettings.BuiltIn)], 3, flow);

        var run = Task.Run(() => replay.Run(Traffic(7), TimeSpan.FromHours(1), (_, _) => { }));

        // A guard against a hang, not a timing: the run must end (by failing) long before this.
        Assert.That(() => run.Wait(TimeSpan.FromSeconds(60)), Throws.InstanceOf<AggregateException>()
            .With.InnerException.Message.EqualTo("replay: partition worker 2 of 3 failed: worker broke")
            .And.InnerException.InnerException.SameAs(failure));
    }

    [Test]
    public void Run_EventsThrow_RethrowsTheirErrorAfterTheStepsBeforeIt()
    {
        var events = Traffic(8).Take(500).ToList();
        IEnumerable<InteractionEvent> Failing()
        {
            foreach (var e in events)
                yield return e;
            throw new IOException("disk gone");
        }
        var seen = new StepTrace();
        var expected = new StepTrace();
        // One thread sees the same: the error after the last event's step, and no drain.
        Assert.That(() => Replay.Run(Failing(), Engine(Tight), expected.Add, threads: 1), Throws.InstanceOf<IOException>());

        Assert.That(() => Replay.Run(Failing(), Engine(Tight), seen.Add, threads: 2),
            Throws.InstanceOf<IOException>().With.Message.EqualTo("disk gone"));
        Assert.That(seen, Is.EqualTo(expected));
    }

    [Test]
    public void Run_OnStepThrows_TheErrorReachesTheCaller()
    {
        var failure = new InvalidOperationException("consumer broke");
        var steps = 0;

        Assert.That(() => Replay.Run(Traffic(9), Engine(Tight), _ => { if (++steps == 300) throw failure; }, threads: 2),
            Throws.Exception.SameAs(failure));
    }

    private static KeyedEngine Engine(RiskSettings settings) => DefaultEngine.Create(new FixedSettings(settings));

    private static IEnumerable<InteractionEvent> Traffic(int seed) =>
        new TrafficGenerator(new TrafficOptions { Seed = seed, Interactions = 600, Duration = TimeSpan.FromHours(2), Customers = 250 }).Generate();

    private static DateTimeOffset WholeMinute(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);

    private static StepTrace Trace(IEnumerable<InteractionEvent> events, int threads, RiskSettings settings)
    {
        var trace = new StepTrace();
        Replay.Run(events, Engine(settings), trace.Add, TimeSpan.FromHours(2), threads);
        return trace;
    }

    /// <summary>
    /// What a replay made: its steps (an event's, or a wake-up's time and sizes), and kind by kind, each item with the
    /// number of events handled before it, the signals, outcomes, alerts and escalations in the order they came.
    /// </summary>
    private sealed record StepTrace
    {
        public List<string> Steps { get; } = [];
        public List<string> Events { get; } = [];
        public List<string> Signals { get; } = [];
        public List<string> Outcomes { get; } = [];
        public List<string> Alerts { get; } = [];
        public List<string> Escalations { get; } = [];
        public List<string> FailedWakeUps { get; } = [];

        public void Add(EngineStep step)
        {
            var handled = Events.Count;
            Steps.Add(step.Event is { } handledEvent ? handledEvent.EventId
                : $"wake-up at {Time(step.At)}: {step.Signals.Count} signals, {step.Alerts.Count} alerts, {step.Escalations.Count} escalations");
            if (step.Event is { } e)
                Events.Add($"{e.EventId} at {Time(step.At)} duplicate {step.Duplicate} failed {step.Failure is not null}");
            else if (step.Failure is not null)
                FailedWakeUps.Add($"{handled}: {Time(step.At)} {step.Failure.Message}");
            Signals.AddRange(step.Signals.Select(s => $"{handled}: {s.Kind} {s.InteractionId} {Time(s.DetectedAt)}"));
            Outcomes.AddRange(step.Outcomes.Select(o => $"{handled}: {o.Kind} {o.Rule} {o.AlertId} {o.CooldownUntil}"));
            Alerts.AddRange(step.Alerts.Select(a => $"{handled}: {a.AlertId} {a.Rule} {a.Priority} {a.Audience} {Time(a.RaisedAt)} {a.EscalatesAt}"));
            Escalations.AddRange(step.Escalations.Select(x => $"{handled}: {x.AlertId} {Time(x.At)}"));
        }

        public bool Equals(StepTrace? other) => other is not null && Lists.Zip(other.Lists).All(pair => pair.First.SequenceEqual(pair.Second));

        public override int GetHashCode() => Events.Count;

        public override string ToString() => string.Join(", ", Lists.Select(list => list.Count)) + " steps, events, signals, outcomes, alerts, escalations, failed wake-ups";

        private List<string>[] Lists => [Steps, Events, Signals, Outcomes, Alerts, Escalations, FailedWakeUps];
    }

    private static string Time(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);
}
