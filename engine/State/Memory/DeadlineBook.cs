namespace RiskTriggers.Engine.State.Memory;

/// <summary>Pending deadlines ordered by due time, at most one per key.</summary>
internal sealed class DeadlineBook
{
    private readonly Dictionary<string, Deadline> _byKey = new(StringComparer.Ordinal);
    // Ordinal on ties: the default string comparer follows culture rules, under which distinct keys can be equal.
    private readonly SortedSet<(DateTimeOffset DueAt, string Key)> _byDue = new(Comparer<(DateTimeOffset DueAt, string Key)>.Create(
        (a, b) => a.DueAt != b.DueAt ? a.DueAt.CompareTo(b.DueAt) : string.CompareOrdinal(a.Key, b.Key)));

    public int Count => _byKey.Count;

    public DateTimeOffset? NextDue => _byDue.Count == 0 ? null : _byDue.Min.DueAt;

    public bool TryAdd(Deadline deadline)
    {
        if (!_byKey.TryAdd(deadline.Key, deadline))
            return false;
        _byDue.Add((deadline.DueAt, deadline.Key));
        return true;
    }

    public bool Remove(string key)
    {
        if (!_byKey.Remove(key, out var deadline))
            return false;
        _byDue.Remove((deadline.DueAt, key));
        return true;
    }

    public void RemoveSubject(string subject)
    {
        foreach (var kind in Enum.GetValues<DeadlineKind>())
            Remove(Deadline.KeyOf(kind, subject));
    }

    public IReadOnlyList<Deadline> TakeDue(DateTimeOffset now, int max)
    {
        var due = new List<Deadline>();
        while (due.Count < max && _byDue.Count > 0 && _byDue.Min.DueAt <= now)
        {
            var (_, key) = _byDue.Min;
            due.Add(_byKey[key]);
            Remove(key);
        }
        return due;
    }
}
