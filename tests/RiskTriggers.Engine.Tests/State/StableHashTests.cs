using RiskTriggers.Engine.State.Redis;

namespace RiskTriggers.Engine.Tests.State;

/// <summary>Shards must be the same on every host and run: FNV-1a, pinned to known values.</summary>
public sealed class StableHashTests
{
    [TestCase("", 4, 1)]
    [TestCase("ix-1", 4, 2)]
    [TestCase("ix-42", 4, 1)]
    [TestCase("ReplyOverdue:ix-1", 7, 6)]
    public void ShardOf_KnownKey_IsPinned(string key, int shards, int expected)
    {
        Assert.That(StableHash.ShardOf(key, shards), Is.EqualTo(expected));
    }

    [Test]
    public void ShardOf_OneShard_IsZero()
    {
        Assert.That(StableHash.ShardOf("anything", 1), Is.Zero);
    }
}
