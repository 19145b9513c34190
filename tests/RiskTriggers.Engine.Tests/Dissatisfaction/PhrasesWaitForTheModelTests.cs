using RiskTriggers.Engine.Alerts;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Engine.Signals;
using RiskTriggers.Engine.Tests.Support;
using static RiskTriggers.Engine.Tests.Support.Ev;

namespace RiskTriggers.Engine.Tests.Dissatisfaction;

/// <summary>
/// <c>negativePhrase.alertAlone</c> false with the shipped model and pack: a threat alone raises
/// nothing, and the model's alert that follows it goes to the supervisor as P1.
/// </summary>
public sealed class PhrasesWaitForTheModelTests
{
    private static readonly RiskSettings Waiting = RiskSettings.Parse("""{ "negativePhrase": { "alertAlone": false } }""");

    private static readonly InteractionEvent[] ThreatThenPressing =
    [
        Started(Sec(0)), Assigned(Sec(1)),
        Says(Sec(2), "我的退款一直没到账，我要投诉", id: "m1"), Replies(Sec(3)),
        Says(Sec(4), "你们到底怎么回事？说了多少遍了！", id: "m2"), Replies(Sec(5)),
        Says(Sec(6), "你们到底还要拖多久？？", id: "m3"), Replies(Sec(7)),
        Says(Sec(8), "你们到底有没有人管？？", id: "m4"),
    ];

    private static readonly InteractionEvent[] ThreatThenHelped =
    [
        Started(Sec(0)), Assigned(Sec(1)),
        Says(Sec(2), "请问怎么修改收货地址？网站太难用，我要投诉", id: "m1"), Replies(Sec(3)),
        Says(Sec(4), "好的，谢谢，明白了", id: "m2"), Replies(Sec(5)), Closed(Sec(6)),
    ];

    [Test]
    public void ThreatThenThePressingCustomer_OneP1ToTheSupervisorOnTheModelsAlert()
    {
        using var h = new EngineHarness(Waiting);
        h.Send(ThreatThenPressing);

        Assume.That(h.SignalsOf<NegativePhraseSpotted>().Select(s => s.MessageEventId), Is.EqualTo(new[] { "m1" }));
        var alert = h.Alerts.Single();
        Assert.Multiple(() =>
        {
            Assert.That((alert.Rule, alert.Priority, alert.Audience), Is.EqualTo(("CorroboratedPhrase", Priority.P1, Audience.Supervisor)));
            Assert.That(alert.Evidence[0].Signal, Is.EqualTo(nameof(DissatisfactionPredicted)));
        });
    }

    [Test]
    public void ThreatThenHelped_NoAlert_WhereAloneItWouldBeP1()
    {
        using var waiting = new EngineHarness(Waiting);
        using var alone = new EngineHarness();
        waiting.Send(ThreatThenHelped);
        alone.Send(ThreatThenHelped);

        Assume.That(waiting.SignalsOf<DissatisfactionPredicted>(), Is.Empty, "the model finds this customer satisfied");
        Assert.Multiple(() =>
        {
            Assert.That(waiting.SignalsOf<NegativePhraseSpotted>(), Is.Not.Empty, "the threat is still a signal");
            Assert.That(waiting.Alerts, Is.Empty);
            Assert.That(alone.Alerts.Select(a => a.Rule), Is.EqualTo(new[] { "EscalationThreat" }));
        });
    }
}
