namespace RiskTriggers.Engine.Partitions;

/// <summary>
/// One copy per distinct channel, queue, agent, tier and topic: a parsed event brings its own copies, and
/// keeping those for every open interaction would cost more than the interaction itself.
/// </summary>
internal sealed class StringPool(int capacity = 50_000)
{
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);

    public string? Intern(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        if (_strings.TryGetValue(value, out var pooled))
            return pooled;
        // Past capacity (a field used as an id, say) values are kept as they come rather than pooled forever.
        if (_strings.Count < capacity)
            _strings.Add(value, value);
        return value;
    }
}
