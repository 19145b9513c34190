namespace RiskTriggers.Engine.Dissatisfaction;

/// <summary>
/// A cue's 64-bit key: FNV-1a over its folded chars. A word pair hashes as "first second", so the key of a cue
/// is the key of its spelling in the model file, and a model is looked up without making strings.
/// </summary>
public static class CueKey
{
    private const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static ulong Start => Offset;

    /// <summary>Cues of the agent's replies live under "agent:", apart from the customer's own words.</summary>
    public const string AgentPrefix = "agent:";

    public static readonly ulong AgentStart = Of(AgentPrefix);

    /// <summary>Cues of the customer's latest message also count under "latest:": the state the customer is in now.</summary>
    public const string LatestPrefix = "latest:";

    public static readonly ulong LatestStart = Of(LatestPrefix);

    public static ulong Add(ulong hash, char c) => (hash ^ c) * Prime;

    /// <summary>The key of already-folded text (a cue as the model file spells it).</summary>
    public static ulong Of(ReadOnlySpan<char> folded)
    {
        var hash = Offset;
        foreach (var c in folded)
            hash = Add(hash, c);
        return hash;
    }
}
