using RiskTriggers.Engine.Backtesting;
using RiskTriggers.Engine.Dissatisfaction;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Partitions;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Engine.Signals;
using RiskTriggers.Engine.Tests.Support;
using RiskTriggers.Rules;
using static RiskTriggers.Engine.Tests.Support.Ev;

namespace RiskTriggers.Engine.Tests.Dissatisfaction;

/// <summary>
/// The shipped model in the engine: scored after each customer message, signalled once the score has held for
/// <c>dissatisfaction.sustainedMessages</c> messages in a row (or at the close), with its cues.
/// </summary>
public sealed class DissatisfactionSignalTests
{
    private static readonly InteractionEvent[] Pressing =
    [
        Started(Sec(0)), Assigned(Sec(1)),
        Says(Sec(2), "我的退款一直没到账", id: "m1"), Replies(Sec(3)),
        Says(Sec(4), "你们到底怎么回事？说了多少遍了！", id: "m2"), Replies(Sec(5)),
        Says(Sec(6), "你们到底还要拖多久？？", id: "m3"), Replies(Sec(7)),
        Says(Sec(8), "你们到底有没有人管？？", id: "m4"),
    ];

    [Test]
    public void PressingCustomer_SignalsOnceOnTheRise_WithTheCuesThatPushed()
    {
        using var h = new EngineHarness();
        h.Send(Pressing);

        var predicted = h.SignalsOf<DissatisfactionPredicted>().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(predicted, Has.Count.EqualTo(1), "m3 and m4 both above the threshold: one signal");
            Assert.That(predicted[0].Messages, Is.EqualTo(2), "the default holds for two messages in a row");
            Assert.That(predicted[0].AtClose, Is.False);
            Assert.That(predicted[0].Score, Is.GreaterThanOrEqualTo(0.5));
            Assert.That(predicted[0].Language, Is.EqualTo(Language.Zh));
            Assert.That(predicted[0].Cues.Where(c => c.Logit > 0).Select(c => c.Cue), Is.Not.Empty);
            Assert.That(predicted[0].ToEvidence().Phrase, Does.Match(@"\+\d\.\d\d"));
            Assert.That(h.Alerts.Select(a => a.Evidence[0].Signal), Does.Contain("DissatisfactionPredicted"));
        });
    }

    [Test]
    public void SustainedMessages_OneFiresOnTheFirstMessageAbove_TwoWaitsForTheNext()
    {
        using var once = new EngineHarness(Sustained(1));
        using var twice = new EngineHarness();
        once.Send(Pressing);
        twice.Send(Pressing);

        var first = once.SignalsOf<DissatisfactionPredicted>().Single();
        var second = twice.SignalsOf<DissatisfactionPredicted>().Single();
        var order = Pressing.Select(e => e.EventId).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(first.Messages, Is.EqualTo(1));
            Assert.That(order.IndexOf(second.MessageEventId), Is.GreaterThan(order.IndexOf(first.MessageEventId)),
                "two in a row fires one customer message later");
        });
    }

    [Test]
    public void ClosedWhileTheScoreHolds_FiresAtTheClose_WithACallBack()
    {
        InteractionEvent[] angryThenGone = [Started(Sec(0)), Assigned(Sec(1)), Says(Sec(2), "你们到底还要拖多久？？", id: "m1")];
        using var once = new EngineHarness(Sustained(1));
        once.Send(angryThenGone);
        Assume.That(once.SignalsOf<DissatisfactionPredicted>(), Is.Not.Empty, "the message alone scores above the threshold");

        using var h = new EngineHarness();
        h.Send(angryThenGone);
        Assert.That(h.SignalsOf<DissatisfactionPredicted>(), Is.Empty, "one message above is not yet two in a row");
        h.Send(Closed(Sec(10)));

        var atClose = h.SignalsOf<DissatisfactionPredicted>().Single();
        Assert.Multiple(() =>
        {
            Assert.That(atClose.AtClose, Is.True);
            Assert.That(atClose.ToEvidence().Measured, Does.Contain("when the interaction closed"));
            Assert.That(h.Alerts.Single().RecommendedAction, Does.Contain("call them back"));
        });
    }

    [Test]
    public void ClosedAfterTheSignal_OrBelowTheThreshold_FiresNothingMore()
    {
        using var signalled = new EngineHarness();
        signalled.Send([.. Pressing, Closed(Sec(10))]);
        using var calm = new EngineHarness();
        calm.Send(Started(Sec(0)), Says(Sec(1), "请问怎么修改收货地址"), Closed(Sec(2)));

        Assert.Multiple(() =>
        {
            Assert.That(signalled.SignalsOf<DissatisfactionPredicted>().Count(), Is.EqualTo(1));
            Assert.That(calm.SignalsOf<DissatisfactionPredicted>(), Is.Empty);
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

    private static RiskSettings Sustained(int messages) =>
        RiskSettings.Parse($$"""{ "dissatisfaction": { "sustainedMessages": {{messages}} } }""");

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
