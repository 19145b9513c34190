namespace RiskTriggers.Engine.Partitions;

/// <summary>
/// One copy per distinct channel, queue, agent, tier and topic: a parsed event brings its own copies, and
/// keeping those for every open interaction would cost more than the interaction itself.
/// </summary>
internal sealed class StringPool(int capacity = 50_000)
{
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);

    // The values seen last, by a cheap key (length and end characters), checked before the dictionary: the same
    // few channels, tiers and queues come on nearly every event, often as the very instance (the reader's id
    // cache hands out one string per value), and an ordinal comparison of a short string costs less than
    // hashing it.
    private readonly string?[] _recent = new string?[64];

    public string? Intern(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        ref var recent = ref _recent[(value.Length * 31 + value[0] * 7 + value[^1]) & 63];
        if (recent is { } last && (ReferenceEquals(last, value) || string.Equals(last, value, StringComparison.Ordinal)))
            return last;
        if (_strings.TryGetValue(value, out var pooled))
            return recent = pooled;
        // Past capacity (a field used as an id, say) values are kept as they come rather than pooled forever.
        if (_strings.Count < capacity)
        {
            _strings.Add(value, value);
            recent = value;
        }
        return value;
    }
}
