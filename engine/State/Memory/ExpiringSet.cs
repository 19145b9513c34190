namespace RiskTriggers.Engine.State.Memory;

/// <summary>Keys that expire at a given time (in callers' time), for dedup of event ids.</summary>
internal sealed class ExpiringSet
{
    private readonly Dictionary<string, DateTimeOffset> _expiries = new(StringComparer.Ordinal);

    public int Count => _expiries.Count;

    public bool Contains(string key, DateTimeOffset now) => _expiries.TryGetValue(key, out var expiry) && expiry > now;

    /// <summary>Adds the key, or moves its expiry to <paramref name="expiresAt"/>.</summary>
    public void Set(string key, DateTimeOffset expiresAt) => _expiries[key] = expiresAt;

    public void RemoveExpired(DateTimeOffset now)
    {
        foreach (var key in _expiries.Where(e => e.Value <= now).Select(e => e.Key).ToList())
            _expiries.Remove(key);
    }
}
