using RiskTriggers.Engine.Intake;

namespace RiskTriggers.Engine.Tests.Intake;

public sealed class HashSlotsTests
{
    [Test]
    public void AddRemove_RandomChurn_AgreesWithHashSet()
    {
        // Few distinct values in a small table: long probe runs that wrap around, so removal shifts runs back often.
        var random = new Random(7);
        var slots = new HashSlots(limit: 40);
        var expected = new HashSet<ulong>();
        for (var step = 0; step < 50_000; step++)
        {
            var value = (ulong)random.Next(0, 60) * 0x0101_0101_0101ul; // includes 0
            if (expected.Count < 40 && random.Next(2) == 0)
                Assert.That(slots.Add(value), Is.EqualTo(expected.Add(value)), $"add {value} at step {step}");
            else
                Assert.That(slots.Remove(value), Is.EqualTo(expected.Remove(value)), $"remove {value} at step {step}");
        }
        Assert.That(slots.Count, Is.EqualTo(expected.Count));
        foreach (var value in expected)
            Assert.That(slots.Add(value), Is.False, $"{value} held");
    }
}
