using RiskTriggers.Engine.Settings;
using RiskTriggers.Engine.Signals;
using RiskTriggers.Engine.Tests.Support;
using static RiskTriggers.Engine.Tests.Support.Ev;

namespace RiskTriggers.Engine.Tests.Signals;

public sealed class ReplyOverdueTests
{
    [Test]
    public void ReplyOverdue_NoReplyWithinDeadline_FiresAtTheDeadlineWithNoFurtherEvent()
    {
        using var h = new EngineHarness();
        h.Send(Started(Sec(0)), Assigned(Sec(1)), Says(Sec(10), "hello?"));

        h.AdvanceTo(Sec(10) + Min(5));
        Assert.That(h.SignalsOf<ReplyOverdue>(), Is.Empty, "at exactly 5m the wait is not yet more than 5m");

        h.AdvanceTo(Sec(10) + Min(5) + Sec(1));
        var overdue = h.SignalsOf<ReplyOverdue>().Single();
        Assert.Multiple(() =>
        {
            Assert.That(overdue.DetectedAt, Is.EqualTo(T0 + Sec(10) + Min(5) + TimeSpan.FromMilliseconds(1)));
            Assert.That(overdue.Threshold, Is.EqualTo(Min(5)));
            Assert.That(overdue.InteractionId, Is.EqualTo("ix-1"));
        });
    }

    [Test]
    public void ReplyOverdue_AgentRepliesJustInTime_IsCancelled()
    {
        using var h = new EngineHarness();
        h.Send(Started(Sec(0)), Assigned(Sec(1)), Says(Sec(10), "hello?"), Replies(Sec(10) + Min(5)));

        h.AdvanceTo(Hours(2));

        Assert.That(h.SignalsOf<ReplyOverdue>(), Is.Empty);
    }

    [Test]
    public void ReplyOverdue_SecondMessageWhileWaiting_KeepsTheFirstMessagesClock()
    {
        using var h = new EngineHarness();
        h.Send(Started(Sec(0)), Says(Sec(0), "hello?"), Says(Min(3), "anyone?"));

        h.AdvanceTo(Min(6));

        Assert.That(h.SignalsOf<ReplyOverdue>().Single().DetectedAt, Is.LessThan(T0 + Min(5) + Sec(1)));
    }

    [Test]
    public void ReplyOverdue_InteractionClosed_IsCancelled()
    {
        using var h = new EngineHarness();
        h.Send(Started(Sec(0)), Says(Sec(0), "hello?"), Closed(Min(1)));

        h.AdvanceTo(Hours(1));

        Assert.That(h.SignalsOf<ReplyOverdue>(), Is.Empty);
    }

    [Test]
    public void ReplyOverdue_EmailChannelOverride_UsesTheChannelsThreshold()
    {
        var settings = RiskSettings.Parse("""{ "overrides": { "channel": { "email": { "replyOverdue": { "after": "4h" } } } } }""");
        using var h = new EngineHarness(settings);
        h.Send(Started(Sec(0), ix: "mail", channel: "email"), Says(Sec(0), "see attached", ix: "mail"),
               Started(Sec(0), ix: "chat", channel: "chat"), Says(Sec(0), "hi", ix: "chat"));

        h.AdvanceTo(Hours(1));
        Assert.That(h.SignalsOf<ReplyOverdue>().Select(s => s.InteractionId), Is.EqualTo(new[] { "chat" }));

        h.AdvanceTo(Hours(4) + Sec(1));
        Assert.That(h.SignalsOf<ReplyOverdue>().Select(s => s.InteractionId), Is.EqualTo(new[] { "chat", "mail" }));
    }

    [Test]
    public void ReplyOverdue_DeadlineAndLaterEvent_SignalComesBeforeTheLaterEvent()
    {
        using var h = new EngineHarness();
        h.Send(Started(Sec(0)), Says(Sec(0), "hello?"), Replies(Min(20)));

        var order = h.Steps.Select(s => s.Event?.Type.ToString() ?? "deadline").ToList();

        Assert.That(order.IndexOf("deadline"), Is.LessThan(order.IndexOf("AgentMessage")));
    }
}
