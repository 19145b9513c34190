using RiskTriggers.Engine.Intake;

namespace RiskTriggers.Engine.Tests.Intake;

public sealed class RecentEventIdsTests
{
    [Test]
    public void TryAdd_PastCapacity_ForgetsOldestFirst()
    {
        var ids = new RecentEventIds(capacity: 2);
        ids.TryAdd("a");
        ids.TryAdd("b");
        ids.TryAdd("c");

        Assert.That(ids.TryAdd("a"), Is.True, "a was forgotten");
        Assert.That(ids.TryAdd("c"), Is.False, "c is remembered");
    }

    [Test]
    public void Forget_IdOfUnqueuedEvent_RetryIsNotADuplicate()
    {
        var ids = new RecentEventIds(capacity: 10);
        ids.TryAdd("a");

        ids.Forget("a");

        Assert.That(ids.TryAdd("a"), Is.True);
    }

    [Test]
    public void TryAdd_ForgottenIdAddedAgain_AgesOutWithItsFirstArrival()
    {
        // As with the queue it replaced: a forgotten id keeps its place in the window's order.
        var ids = new RecentEventIds(capacity: 2);
        ids.TryAdd("a");
        ids.Forget("a");
        ids.TryAdd("b");
        ids.TryAdd("a");

        Assert.That(ids.TryAdd("a"), Is.True, "a aged out with its first arrival");
    }

    [Test]
    public void TryAdd_ZeroCapacity_RemembersNothing()
    {
        var ids = new RecentEventIds(capacity: 0);
        ids.TryAdd("a");

        Assert.That(ids.TryAdd("a"), Is.True);
    }
}
