namespace RiskTriggers.Engine.Partitions;

/// <summary>
/// One copy per distinct channel, queue, agent, tier and topic: a parsed event brings its own copies, and
/// keeping those for every open interaction would cost more than the interaction itself.
/// </summary>
internal sealed class StringPool(int capacity = 50_000)
{
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<(string?, string?, string?, string?), InteractionContext> _contexts = []; // by value: a lookup makes nothing

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

    /// <summary>
    /// One copy per distinct (channel, queue, agent, tier) of the pooled strings: an interaction holds one
    /// reference, not four (a few hundred combinations against every interaction held).
    /// </summary>
    public InteractionContext Context(string? channel, string? queue, string? agentId, string? customerTier)
    {
        var key = (channel, queue, agentId, customerTier);
        if (_contexts.TryGetValue(key, out var pooled))
            return pooled;
        var context = new InteractionContext(channel, queue, agentId, customerTier);
        if (_contexts.Count < capacity)
            _contexts.Add(key, context);
        return context;
    }
}

/// <summary>Where an interaction is handled and for whom: its channel, queue, agent and customer tier, shared between interactions.</summary>
internal sealed record InteractionContext(string? Channel, string? Queue, string? AgentId, string? CustomerTier)
{
    public bool Is(string? channel, string? queue, string? agentId, string? customerTier) =>
        Channel == channel && Queue == queue && AgentId == agentId && CustomerTier == customerTier;
}
