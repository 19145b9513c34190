using RiskTriggers.Engine.Backtesting;
using RiskTriggers.Engine.Dissatisfaction;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Partitions;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Engine.Signals;
using RiskTriggers.Engine.State.Memory;
using RiskTriggers.Engine.Tests.Support;
using RiskTriggers.Rules;
using static RiskTriggers.Engine.Tests.Support.Ev;

namespace RiskTriggers.Engine.Tests.Dissatisfaction;

/// <summary>The shipped model in the engine: scored after each customer message, signalled on the rise, with its cues.</summary>
public sealed class DissatisfactionSignalTests
{
    private static readonly InteractionEvent[] Pressing =
    [
        Started(Sec(0)), Assigned(Sec(1)),
        Says(Sec(2), "我的退款一直没到账", id: "m1"), Replies(Sec(3)),
        Says(Sec(4), "你们到底怎么回事？说了多少遍了！", id: "m2"), Replies(Sec(5)),
        Says(Sec(6), "你们到底还要拖多久？？", id: "m3"),
    ];

    [Test]
    public void PressingCustomer_SignalsOnceOnTheRise_WithTheCuesThatPushed()
    {
        using var h = new EngineHarness();
        h.Send(Pressing);

        var predicted = h.SignalsOf<DissatisfactionPredicted>().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(predicted, Has.Count.EqualTo(1), "still above the threshold at m3: no second signal");
            Assert.That(predicted[0].Score, Is.GreaterThanOrEqualTo(0.5));
            Assert.That(predicted[0].Language, Is.EqualTo(Language.Zh));
            Assert.That(predicted[0].Cues.Where(c => c.Logit > 0).Select(c => c.Cue), Is.Not.Empty);
            Assert.That(predicted[0].ToEvidence().Phrase, Does.Match(@"\+\d\.\d\d"));
            Assert.That(h.Alerts.Select(a => a.Evidence[0].Signal), Does.Contain("DissatisfactionPredicted"));
        });
    }

    [Test]
    public void ThankfulCustomer_NoSignal()
    {
        using var h = new EngineHarness();
        h.Send(Started(Sec(0)), Says(Sec(1), "请问怎么修改收货地址"), Replies(Sec(2)), Says(Sec(3), "好的，谢谢，明白了"));

        Assert.That(h.SignalsOf<DissatisfactionPredicted>(), Is.Empty);
    }

    [Test]
    public void ThresholdFromSettings_AtOneNeverSignals_AndOffTurnsItOff()
    {
        foreach (var doc in new[] { """{ "dissatisfaction": { "threshold": 1 } }""", """{ "dissatisfaction": { "enabled": false } }""" })
        {
            using var h = new EngineHarness(RiskSettings.Parse(doc));
            h.Send(Pressing);
            Assert.That(h.SignalsOf<DissatisfactionPredicted>(), Is.Empty, doc);
        }
    }

    [Test]
    public void StoreBackedEngine_SignalsLikeTheKeyedOne()
    {
        using var keyed = new EngineHarness();
        using var onStore = new EngineHarness(store: new InMemoryStateStore());
        keyed.Send(Pressing);
        onStore.Send(Pressing);

        Assert.That(onStore.SignalsOf<DissatisfactionPredicted>().Select(s => (s.MessageEventId, Math.Round(s.Score, 4))),
            Is.EqualTo(keyed.SignalsOf<DissatisfactionPredicted>().Select(s => (s.MessageEventId, Math.Round(s.Score, 4)))));
    }

    [Test]
    public void Snapshot_KeepsTheConversation_SoTheNewOwnerDoesNotSignalAgain()
    {
        var engine = DefaultEngine.Create(options: new Engine.Processing.EngineOptions { Partitions = 1, TrackChanges = true });
        foreach (var e in Pressing[..^1])
            engine.Handle(e);
        var snapshot = engine.Partitions[0].Snapshot("cust-1")!;
        var resumed = DefaultEngine.Create(options: new Engine.Processing.EngineOptions { Partitions = 1 });
        resumed.Partitions[0].Restore(snapshot);

        var original = engine.Handle(Pressing[^1]).Signals.OfType<DissatisfactionPredicted>().Count();
        var afterRestore = resumed.Handle(Pressing[^1]).Signals.OfType<DissatisfactionPredicted>().Count();

        Assert.Multiple(() =>
        {
            Assert.That(engine.Partitions[0].Snapshot("cust-1"), Is.EqualTo(resumed.Partitions[0].Snapshot("cust-1")));
            Assert.That(afterRestore, Is.EqualTo(original));
        });
    }

    [Test]
    public void Backtest_DissatisfiedRating_CountsAsTheOutcome()
    {
        var rated = Make(EventType.SatisfactionRated, Min(5)) with { Score = -1.2, CustomerId = "cust-1" };
        InteractionEvent[] history = [.. Pressing, Closed(Min(1)), rated];

        var scored = Backtest.Run(history, DefaultEngine.Create(), TimeSpan.FromHours(24), dissatisfiedAtOrBelow: -0.5);
        var ignored = Backtest.Run(history, DefaultEngine.Create(), TimeSpan.FromHours(24));

        Assert.Multiple(() =>
        {
            Assert.That(scored.Complaints, Has.Count.EqualTo(1));
            Assert.That(scored.Score.Overall.AlertsFollowed, Is.GreaterThan(0));
            Assert.That(ignored.Complaints, Is.Empty);
        });
    }
}
