namespace RiskTriggers.Engine.Partitions;

/// <summary>
/// The event ids an interaction has seen, kept as 64-bit stable hashes (8 bytes each, not the strings): dedup
/// is per interaction, so a collision would need two ids of one interaction to hash alike.
/// Linear scan while small (most interactions have a dozen events), a hash set past that.
/// A struct held in a field of its interaction and changed in place (never copy it): an object of its own was
/// 40 bytes of every interaction kept.
/// </summary>
internal struct EventIdSet
{
    private const int ScanLimit = 64;
    private object? _ids; // ulong[] (made on the first add) while small, HashSet<ulong> past the scan limit: one field, not two

    private readonly HashSet<ulong>? Large => _ids as HashSet<ulong>;

    public int Count { get; private set; }

    /// <summary>Adds the id; false if it was already there.</summary>
    public bool Add(string eventId) => AddHash(Hash(eventId));

    public bool AddHash(ulong hash)
    {
        if (Large is { } large)
        {
            if (!large.Add(hash))
                return false;
            Count++;
            return true;
        }
        var small = (ulong[]?)_ids ?? new ulong[4];
        if (Array.IndexOf(small, hash, 0, Count) >= 0)
            return false;
        if (Count == ScanLimit)
        {
            _ids = new HashSet<ulong>([.. small.AsSpan(0, Count), hash]);
        }
        else
        {
            if (Count == small.Length)
                Array.Resize(ref small, small.Length < 4 ? 4 : small.Length == 4 ? 12 : small.Length * 2); // 4 → 12 fits a typical interaction
            small[Count] = hash;
            _ids = small;
        }
        Count++;
        return true;
    }

    public readonly IEnumerable<ulong> Hashes => Large ?? ((ulong[]?)_ids ?? []).Take(Count);

    /// <summary>FNV-1a, 64-bit, over UTF-16 code units: the same on every host, run and platform.</summary>
    public static ulong Hash(string value)
    {
        var hash = 14695981039346656037ul;
        foreach (var c in value)
            hash = (hash ^ c) * 1099511628211ul;
        return hash;
    }
}
