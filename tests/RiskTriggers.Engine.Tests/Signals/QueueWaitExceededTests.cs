using RiskTriggers.Engine.Signals;
using RiskTriggers.Engine.Tests.Support;
using static RiskTriggers.Engine.Tests.Support.Ev;

namespace RiskTriggers.Engine.Tests.Signals;

public sealed class QueueWaitExceededTests
{
    [Test]
    public void QueueWaitExceeded_NoAgentPastThreshold_Fires()
    {
        using var h = new EngineHarness();
        h.Send(Started(Sec(0)), Queued(Sec(5)));

        h.AdvanceTo(Sec(5) + Min(10));
        Assert.That(h.SignalsOf<QueueWaitExceeded>(), Is.Empty);

        h.AdvanceTo(Sec(6) + Min(10));
        var wait = h.SignalsOf<QueueWaitExceeded>().Single();
        Assert.That(wait.Waited, Is.GreaterThan(Min(10)));
    }

    [Test]
    public void QueueWaitExceeded_AgentAssignedInTime_IsCancelled()
    {
        using var h = new EngineHarness();
        h.Send(Started(Sec(0)), Queued(Sec(5)), Assigned(Min(10) + Sec(5)));

        h.AdvanceTo(Hours(1));

        Assert.That(h.SignalsOf<QueueWaitExceeded>(), Is.Empty);
    }
}
