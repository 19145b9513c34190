namespace RiskTriggers.Engine.Intake;

/// <summary>
/// A fixed-size set of 64-bit hashes in one array, open addressing with linear probing; removal shifts the
/// following run back, so there are no tombstones and lookups stay short under steady add/remove churn.
/// The recent-ids window's set: a <see cref="HashSet{T}"/> (entries, buckets, a queue beside it) was ~5 % of a
/// replay's CPU. Not thread-safe; holds at most <c>limit</c> hashes (the table is kept at most half full).
/// </summary>
internal sealed class HashSlots
{
    private readonly ulong[] _slots; // 0 = empty; the hash 0 itself is held in _hasZero
    private readonly int _shift;
    private bool _hasZero;

    public HashSlots(int limit)
    {
        var size = 16;
        while (size < limit * 2)
            size *= 2;
        _slots = new ulong[size];
        _shift = 64 - int.Log2(size);
    }

    public int Count { get; private set; }

    /// <summary>Adds the hash; false if it was there already.</summary>
    public bool Add(ulong hash)
    {
        if (hash == 0)
        {
            if (_hasZero)
                return false;
            _hasZero = true;
            return Counted();
        }
        var mask = _slots.Length - 1;
        for (var i = Home(hash); ; i = (i + 1) & mask)
        {
            if (_slots[i] == hash)
                return false;
            if (_slots[i] == 0)
            {
                _slots[i] = hash;
                return Counted();
            }
        }
    }

    /// <summary>Removes the hash; false if it was not there.</summary>
    public bool Remove(ulong hash)
    {
        if (hash == 0)
        {
            if (!_hasZero)
                return false;
            _hasZero = false;
            Count--;
            return true;
        }
        var mask = _slots.Length - 1;
        var hole = Home(hash);
        while (_slots[hole] != hash)
        {
            if (_slots[hole] == 0)
                return false;
            hole = (hole + 1) & mask;
        }
        // Move back every later entry of the run that may sit in the hole (its home is not between hole and it).
        for (var next = (hole + 1) & mask; _slots[next] != 0; next = (next + 1) & mask)
        {
            var home = Home(_slots[next]);
            var staysPut = hole <= next ? hole < home && home <= next : hole < home || home <= next;
            if (staysPut)
                continue;
            _slots[hole] = _slots[next];
            hole = next;
        }
        _slots[hole] = 0;
        Count--;
        return true;
    }

    // Fibonacci hashing: the top bits of a multiply, so ids that differ only in their last chars spread out.
    private int Home(ulong hash) => (int)((hash * 0x9E3779B97F4A7C15ul) >> _shift);

    private bool Counted()
    {
        Count++;
        return true;
    }
}
