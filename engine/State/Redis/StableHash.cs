namespace RiskTriggers.Engine.State.Redis;

/// <summary>
/// Which of N shards a key belongs to: FNV-1a over the key's UTF-16 code units, the same on every host, run
/// and platform (unlike <see cref="string.GetHashCode()"/>). Deadline shards and event stream shards use it.
/// </summary>
public static class StableHash
{
    public static int ShardOf(string key, int shards)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        if (shards == 1)
            return 0;
        var hash = 2166136261u;
        foreach (var c in key)
            hash = (hash ^ c) * 16777619u;
        return (int)(hash % (uint)shards);
    }
}
