using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using RiskTriggers.Engine.Processing;
using RiskTriggers.Engine.Pipeline;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Engine.Settings.History;
using RiskTriggers.Engine.Settings.Stores;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Tests.Support;
using RiskTriggers.Rules;
using static RiskTriggers.Engine.Tests.Support.Ev;

namespace RiskTriggers.Engine.Tests.Settings;

public sealed class LiveSettingsTests
{
    private readonly ManualTime _time = new(T0);

    [Test]
    public async Task Start_StoreHasAVersion_LoadsIt()
    {
        var store = new InMemorySettingsStore(_time);
        await store.SaveAsync(ReplyAfter(2), "ana", "");
        using var live = new LiveSettings(store, new HistoricalScheduler(T0));

        await live.StartAsync();

        Assert.That((live.Current.Version, live.Current.Defaults.ReplyOverdue.After), Is.EqualTo((1, Min(2))));
    }

    [Test]
    public async Task Start_NothingSaved_RunsOnTheBuiltInDefaults()
    {
        using var live = new LiveSettings(new InMemorySettingsStore(_time), new HistoricalScheduler(T0));

        await live.StartAsync();

        Assert.That(live.Current.Version, Is.Zero);
    }

    [Test]
    public async Task Save_Announced_SwitchesAtOnceWithoutWaitingForTheRecheck()
    {
        var store = new InMemorySettingsStore(_time);
        using var live = new LiveSettings(store, new HistoricalScheduler(T0));
        await live.StartAsync();
        var switched = new List<int>();
        using var _ = live.Switched.Subscribe(s => switched.Add(s.Version));

        await store.SaveAsync(ReplyAfter(2), "ana", "");
        await store.RollbackAsync(0, "bo", "");

        Assert.Multiple(() =>
        {
            Assert.That(switched, Is.EqualTo(new[] { 1, 2 }));
            Assert.That((live.Current.Version, live.Current.Defaults.ReplyOverdue.After), Is.EqualTo((2, Min(5))));
        });
    }

    [Test]
    public async Task Recheck_NotificationMissed_SwitchesAtTheNextRecheck()
    {
        var store = new InMemorySettingsStore(_time);
        var scheduler = new HistoricalScheduler(T0);
        using var live = new LiveSettings(new Deaf(store), scheduler, new LiveSettingsOptions { RecheckInterval = Sec(5) });
        await live.StartAsync();

        await store.SaveAsync(ReplyAfter(2), "ana", "");
        scheduler.AdvanceBy(Sec(5) - TimeSpan.FromTicks(1));
        var before = live.Current.Version;
        scheduler.AdvanceBy(TimeSpan.FromTicks(1));

        Assert.That((before, live.Current.Version), Is.EqualTo((0, 1)));
    }

    [Test]
    public async Task Recheck_StoreFails_KeepsTheSettingsInForceAndReportsTheFault()
    {
        var store = new InMemorySettingsStore(_time);
        await store.SaveAsync(ReplyAfter(2), "ana", "");
        var flaky = new Deaf(store);
        var scheduler = new HistoricalScheduler(T0);
        using var live = new LiveSettings(flaky, scheduler, new LiveSettingsOptions { RecheckInterval = Sec(5) });
        await live.StartAsync();
        var faults = new List<Exception>();
        using var _ = live.Faults.Subscribe(faults.Add);

        await store.SaveAsync(ReplyAfter(3), "ana", "");
        flaky.Failing = true;
        scheduler.AdvanceBy(Sec(5));
        var during = live.Current.Version;
        flaky.Failing = false;
        scheduler.AdvanceBy(Sec(5));

        Assert.That((during, faults.Count, live.Current.Version), Is.EqualTo((1, 1, 2)));
    }

    [Test]
    public void Constructor_RecheckIntervalTooShort_Throws()
    {
        Assert.That(
            () => new LiveSettings(new InMemorySettingsStore(_time), new HistoricalScheduler(T0), new LiveSettingsOptions { RecheckInterval = TimeSpan.Zero }),
            Throws.TypeOf<System.ComponentModel.DataAnnotations.ValidationException>().With.Message.Contains("RecheckInterval"));
    }

    [Test]
    public async Task Pipeline_SettingsChangeMidStream_EveryEventRunsOnceOnExactlyOneVersion()
    {
        var store = new InMemorySettingsStore(_time);
        await store.SaveAsync(ReplyAfter(4), "ana", "");
        var scheduler = new HistoricalScheduler(T0);
        using var live = new LiveSettings(store, scheduler);
        await live.StartAsync();
        var engine = DefaultEngine.Create(live);
        using var events = new Subject<InteractionEvent>();
        var steps = new List<EngineStep>();
        using var _ = events.Process(engine, scheduler).Subscribe(steps.Add);
        var sent = new List<InteractionEvent>();

        for (var i = 0; i < 20; i++)
        {
            if (i == 10)
                await store.SaveAsync(ReplyAfter(7), "bo", "slower");
            var e = Says(Sec(i), "hello?", ix: $"ix-{i}");
            sent.Add(e);
            scheduler.AdvanceTo(e.OccurredAt);
            events.OnNext(e);
        }

        var eventSteps = steps.Where(s => s.Event is not null).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(eventSteps.Select(s => s.Event!.EventId), Is.EqualTo(sent.Select(e => e.EventId)), "each event exactly once, in order");
            Assert.That(eventSteps.Select(s => s.SettingsVersion), Is.EqualTo(Enumerable.Repeat(1, 10).Concat(Enumerable.Repeat(2, 10))));
            // The deadline each step registered comes from the thresholds of the version it reports.
            Assert.That(eventSteps.Select(s => s.NextDeadline - s.Event!.OccurredAt),
                Is.EqualTo(eventSteps.Select(s => Min(s.SettingsVersion == 1 ? 4 : 7) + TimeSpan.FromMilliseconds(1))));
        });
    }

    [Test]
    public async Task Engine_SettingsSwitchingWhileEventsRunInParallel_EachEventSeesOneWholeVersion()
    {
        var store = new InMemorySettingsStore(_time);
        using var live = new LiveSettings(store, new HistoricalScheduler(T0));
        await live.StartAsync();
        var engine = DefaultEngine.Create(live);

        var saving = Task.Run(async () =>
        {
            for (var v = 1; v <= 40; v++)
                await store.SaveAsync(ReplyAfter(v), "ana", "");
        });
        var handling = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            var steps = new List<EngineStep>();
            for (var i = 0; i < 300; i++)
                steps.Add(await engine.HandleAsync(Says(Sec(i), "hello?", ix: $"ix-{worker}-{i}")));
            return steps;
        })).ToList();
        await saving;
        var steps = (await Task.WhenAll(handling)).ToList();

        Assert.Multiple(() =>
        {
            foreach (var workerSteps in steps)
            {
                Assert.That(workerSteps, Has.Count.EqualTo(300));
                Assert.That(workerSteps.Select(s => s.SettingsVersion), Is.Ordered, "versions only move forward");
                // Version v says "reply within v minutes" (version 0: the built-in 5 minutes).
                Assert.That(workerSteps.Where(s => s.NextDeadline - s.Event!.OccurredAt != Min(s.SettingsVersion == 0 ? 5 : s.SettingsVersion) + TimeSpan.FromMilliseconds(1)), Is.Empty);
            }
            Assert.That(live.Current.Version, Is.EqualTo(40));
        });
    }

    private static string ReplyAfter(int minutes) => $$"""{ "replyOverdue": { "after": "{{minutes}}m" } }""";

    /// <summary>A store whose change notifications never arrive, and whose reads can be made to fail.</summary>
    private sealed class Deaf(ISettingsStore inner) : ISettingsStore
    {
        public bool Failing { get; set; }

        public IObservable<int> Changes => Observable.Never<int>();

        public ValueTask<SettingsRevision> CurrentAsync(CancellationToken ct = default) =>
            Failing ? throw new InvalidOperationException("store unreachable") : inner.CurrentAsync(ct);

        public ValueTask<SettingsSaveResult> SaveAsync(string json, string author, string comment, CancellationToken ct = default) => inner.SaveAsync(json, author, comment, ct);

        public ValueTask<IReadOnlyList<SettingsRevision>> HistoryAsync(int max, CancellationToken ct = default) => inner.HistoryAsync(max, ct);

        public ValueTask<SettingsRevision?> GetAsync(int version, CancellationToken ct = default) => inner.GetAsync(version, ct);

        public ValueTask<SettingsSaveResult> RollbackAsync(int version, string author, string comment, CancellationToken ct = default) => inner.RollbackAsync(version, author, comment, ct);
    }
}
