using RiskTriggers.Engine.Signals;
using RiskTriggers.Rules;
using static RiskTriggers.Engine.Tests.Support.Ev;

namespace RiskTriggers.Engine.Tests.Partitions;

public sealed class SameInstantDeadlineTests
{
    [Test]
    public void FireDue_ReplyDeadlineStartedStoppedAndStartedAgainAtOneInstant_FiresOnce()
    {
        var engine = DefaultEngine.Create();
        // Message, reply, message in the same second: two timer entries for one reply deadline, both due at once.
        foreach (var e in new[] { Started(Sec(0)), Assigned(Sec(0)), Says(Sec(10), "hello?"), Replies(Sec(10)), Says(Sec(10), "still there?") })
            engine.Handle(e);

        var step = engine.FireDue(T0 + Min(10));

        Assert.That(step.Failure, Is.Null);
        Assert.That(step.Signals.OfType<ReplyOverdue>().Count(), Is.EqualTo(1));
    }
}
