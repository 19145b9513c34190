using System.Collections;

namespace RiskTriggers.Engine.Decisions;

/// <summary>
/// The few signal kinds of one interaction as a set, over an array: a <see cref="HashSet{T}"/> per decision,
/// with its buckets and boxed enumerator, was 3 % of a replay's allocations for sets of one to three kinds.
/// Set algebra, which rules rarely ask for, goes through a hash set made then.
/// </summary>
internal sealed class SignalKindSet(string[] kinds) : IReadOnlySet<string>
{
    public static SignalKindSet Of(IReadOnlyList<string> kinds)
    {
        var copy = new string[kinds.Count];
        for (var i = 0; i < copy.Length; i++)
            copy[i] = kinds[i];
        return new SignalKindSet(copy);
    }

    /// <summary>The kinds, distinct, in the order first seen.</summary>
    public ReadOnlySpan<string> Items => kinds;

    public int Count => kinds.Length;

    public bool Contains(string item) => Array.IndexOf(kinds, item) >= 0;

    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)kinds).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool IsProperSubsetOf(IEnumerable<string> other) => AsHashSet().IsProperSubsetOf(other);

    public bool IsProperSupersetOf(IEnumerable<string> other) => AsHashSet().IsProperSupersetOf(other);

    public bool IsSubsetOf(IEnumerable<string> other) => AsHashSet().IsSubsetOf(other);

    public bool IsSupersetOf(IEnumerable<string> other) => AsHashSet().IsSupersetOf(other);

    public bool Overlaps(IEnumerable<string> other) => AsHashSet().Overlaps(other);

    public bool SetEquals(IEnumerable<string> other) => AsHashSet().SetEquals(other);

    private HashSet<string> AsHashSet() => new(kinds, StringComparer.Ordinal);
}
