using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Processing;
using RiskTriggers.Engine.Signals;
using RiskTriggers.Engine.State;
using RiskTriggers.Engine.State.Memory;
using RiskTriggers.Engine.Tests.Support;
using RiskTriggers.Rules;
using static RiskTriggers.Engine.Tests.Support.Ev;

namespace RiskTriggers.Engine.Tests.Processing;

/// <summary>
/// An event is marked processed only after its effects are stored: a host dying anywhere before that leaves
/// the event to be processed again, and the redelivery completes it without a second, different alert.
/// </summary>
public sealed class RedeliveryTests
{
    private InstrumentedStateStore _store = null!;
    private RiskEngine _engine = null!;

    [SetUp]
    public void CreateEngine()
    {
        _store = new InstrumentedStateStore(new InMemoryStateStore());
        _engine = DefaultEngine.OnStore(_store, PhraseSettings.Source);
    }

    [Test]
    public async Task HandleAsync_SameEventTwice_SecondIsADuplicateWithNoAlert()
    {
        await HandleAllAsync(Started(Sec(0)), Assigned(Sec(1)));
        var angry = Says(Min(1), "this is ridiculous");

        var first = await _engine.HandleAsync(angry);
        var second = await _engine.HandleAsync(angry);

        Assert.Multiple(() =>
        {
            Assert.That(first.Alerts, Has.Count.EqualTo(1));
            Assert.That((second.Duplicate, second.Alerts.Count), Is.EqualTo((true, 0)));
        });
    }

    [TestCase(nameof(IStateStore.SaveAlertAsync))]
    [TestCase(nameof(IStateStore.ScheduleDeadlineAsync))]
    [TestCase(nameof(IStateStore.MarkEventProcessedAsync))]
    public async Task HandleAsync_HostDiesBeforeTheEventIsMarked_RedeliveryRaisesTheSameAlertOnce(string failingCall)
    {
        await HandleAllAsync(Started(Sec(0)), Assigned(Sec(1)));
        var angry = Says(Min(1), "this is ridiculous");
        var reference = await DefaultEngine.Create(PhraseSettings.Source).HandleAllThenAsync([Started(Sec(0)), Assigned(Sec(1))], angry);
        _store.FailNext(failingCall);

        Assert.That(async () => await _engine.HandleAsync(angry), Throws.TypeOf<IOException>());
        var redelivered = await _engine.HandleAsync(angry);
        var again = await _engine.HandleAsync(angry);

        Assert.Multiple(async () =>
        {
            Assert.That(redelivered.Alerts.Select(a => a.AlertId), Is.EqualTo(reference.Alerts.Select(a => a.AlertId)),
                "the redelivery raises the alert the crash interrupted, with the same id");
            Assert.That(await _store.GetAlertAsync(reference.Alerts.Single().AlertId), Is.Not.Null);
            Assert.That(again.Duplicate, Is.True);
        });
    }

    [Test]
    public async Task HandleAsync_HostDiesBeforeTheMark_RedeliveredInquiryCountsOnce()
    {
        var inquiries = Enumerable.Range(0, 4).Select(i => Inquiry(Min(i))).ToList();
        await HandleAllAsync(inquiries[0], inquiries[1]);
        _store.FailNext(nameof(IStateStore.MarkEventProcessedAsync));
        Assert.That(async () => await _engine.HandleAsync(inquiries[2]), Throws.TypeOf<IOException>());
        await _engine.HandleAsync(inquiries[2]);

        var fourth = await _engine.HandleAsync(inquiries[3]);

        Assert.That(fourth.Signals.OfType<InquiryRepeated>().Single().Count, Is.EqualTo(4));
    }

    // ---- round trips: every store call is one Redis round trip (see RedisStateStore for the two exceptions)

    [Test]
    public async Task HandleAsync_EventsWithoutSignals_TakeAtMostThreeStoreCallsEach_MessagesTwoMoreForTheModel()
    {
        InteractionEvent[] quiet =
        [
            Started(Sec(0)), Queued(Sec(1)), Assigned(Sec(2)), Says(Sec(3), "hello"), Replies(Sec(4)),
            Inquiry(Sec(5)), Closed(Sec(6)),
        ];
        var perEvent = new List<(EventType Type, int Calls)>();
        foreach (var e in quiet)
        {
            _store.ResetCounts();
            var step = await _engine.HandleAsync(e);
            Assert.That(step.Signals, Is.Empty);
            perEvent.Add((e.Type, _store.TotalCalls));
        }

        // A message also reads and writes the dissatisfaction model's conversation; the close reads it.
        Assert.That(perEvent.Select(p => p.Calls - p.Type switch
            {
                EventType.CustomerMessage or EventType.AgentMessage => 2,
                EventType.InteractionClosed => 1,
                _ => 0,
            }),
            Has.All.LessThanOrEqualTo(3), string.Join(", ", perEvent));
    }

    [Test]
    public async Task HandleAsync_DuplicateEvent_TakesOneStoreCall()
    {
        var e = Started(Sec(0));
        await _engine.HandleAsync(e);
        _store.ResetCounts();

        await _engine.HandleAsync(e);

        Assert.That(_store.TotalCalls, Is.EqualTo(1));
    }

    private async Task HandleAllAsync(params InteractionEvent[] events)
    {
        foreach (var e in events)
            await _engine.HandleAsync(e);
    }
}

internal static class RiskEngineTestExtensions
{
    /// <summary>Handles <paramref name="before"/> and returns the step of <paramref name="last"/>.</summary>
    public static async Task<EngineStep> HandleAllThenAsync(this IRiskEngine engine, InteractionEvent[] before, InteractionEvent last)
    {
        foreach (var e in before)
            await engine.HandleAsync(e);
        return await engine.HandleAsync(last);
    }
}
