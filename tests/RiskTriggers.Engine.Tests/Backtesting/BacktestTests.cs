using RiskTriggers.Engine.Backtesting;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Rules;
using static RiskTriggers.Engine.Tests.Support.Ev;

namespace RiskTriggers.Engine.Tests.Backtesting;

public sealed class BacktestTests
{
    [Test]
    public void Run_UnansweredMessageThenComplaint_AlertScoredAsFollowed()
    {
        // ix-1: a message unanswered for 10m → ReplyOverdue at 0:20 + 5m (+1ms resolution) → one alert; c1 complains at 2h.
        // ix-2: answered within a minute, no alert, no complaint. Interactions 2 → 500 alerts per 1k.
        InteractionEvent[] history =
        [
            Started(Sec(0)), Assigned(Sec(10)), Says(Sec(20), "hello?"),
            Started(Sec(30), ix: "ix-2", customer: "cust-2"), Assigned(Sec(35), ix: "ix-2"), Says(Sec(40), "hi", ix: "ix-2", customer: "cust-2"), Replies(Sec(50), ix: "ix-2"),
            Replies(Min(10) + Sec(20)), Closed(Min(11)),
            Make(EventType.ComplaintFiled, Hours(2), customer: "cust-1", text: "formal complaint"),
        ];

        var outcome = Backtest.Run(history, DefaultEngine.Create(settings: new FixedSettings(RiskSettings.BuiltIn)), TimeSpan.FromHours(24));

        var overall = outcome.Score.Overall;
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Interactions, Is.EqualTo(2));
            Assert.That(outcome.Complaints, Has.Count.EqualTo(1));
            Assert.That(overall.Alerts, Is.EqualTo(1));
            Assert.That(overall.Precision, Is.EqualTo(1.0));
            Assert.That(overall.Recall, Is.EqualTo(1.0));
            Assert.That(overall.MedianLeadTime, Is.EqualTo(Hours(2) - (Sec(20) + Min(5) + TimeSpan.FromMilliseconds(1))));
            Assert.That(overall.AlertsPer1000Interactions, Is.EqualTo(500));
        });
    }
}
