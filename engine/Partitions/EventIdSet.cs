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
    private ulong[]? _small; // made on the first add
    private HashSet<ulong>? _large;

    public int Count { get; private set; }

    /// <summary>Adds the id; false if it was already there.</summary>
    public bool Add(string eventId) => AddHash(Hash(eventId));

    public bool AddHash(ulong hash)
    {
        if (_large is not null)
        {
            if (!_large.Add(hash))
                return false;
            Count++;
            return true;
        }
        _small ??= new ulong[4];
        if (Array.IndexOf(_small, hash, 0, Count) >= 0)
            return false;
        if (Count == ScanLimit)
        {
            _large = [.. _small.AsSpan(0, Count), hash];
            _small = [];
        }
        else
        {
            if (Count == _small.Length)
                Array.Resize(ref _small, _small.Length < 4 ? 4 : _small.Length == 4 ? 12 : _small.Length * 2); // 4 → 12 fits a typical interaction
            _small[Count] = hash;
        }
        Count++;
        return true;
    }

    /// <summary>
    /// Gives back the unused room of the small array (an interaction that closed is kept for the dedup horizon
    /// with its ids; it rarely gets another event). A later add grows it again.
    /// </summary>
    public void TrimExcess()
    {
        if (_large is null && _small is not null && Count < _small.Length)
            Array.Resize(ref _small, Count);
    }

    public readonly IEnumerable<ulong> Hashes => _large ?? (_small ?? []).Take(Count);

    /// <summary>FNV-1a, 64-bit, over UTF-16 code units: the same on every host, run and platform.</summary>
    public static ulong Hash(string value)
    {
        var hash = 14695981039346656037ul;
        foreach (var c in value)
            hash = (hash ^ c) * 1099511628211ul;
        return hash;
    }
}
