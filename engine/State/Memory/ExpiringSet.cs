namespace RiskTriggers.Engine.State.Memory;

/// <summary>Keys that expire at a given time (in callers' time), for dedup of event ids.</summary>
internal sealed class ExpiringSet
{
    private readonly Dictionary<string, DateTimeOffset> _expiries = new(StringComparer.Ordinal);

    public int Count => _expiries.Count;

    public bool TryAdd(string key, DateTimeOffset now, DateTimeOffset expiresAt)
    {
        if (_expiries.TryGetValue(key, out var expiry) && expiry > now)
            return false;
        _expiries[key] = expiresAt;
        return true;
    }

    public void RemoveExpired(DateTimeOffset now)
    {
        foreach (var key in _expiries.Where(e => e.Value <= now).Select(e => e.Key).ToList())
            _expiries.Remove(key);
    }
}
