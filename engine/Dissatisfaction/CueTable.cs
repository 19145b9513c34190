namespace RiskTriggers.Engine.Dissatisfaction;

/// <summary>A cue's weight by key, open addressing over plain arrays: one probe sequence per cue, no allocation.</summary>
public sealed class CueTable
{
    private readonly ulong[] _keys;
    private readonly float[] _weights;
    private readonly string[] _spellings;
    private readonly int _mask;

    public CueTable(IReadOnlyList<(string Spelling, float Weight)> cues)
    {
        var capacity = 16;
        while (capacity < cues.Count * 2)
            capacity <<= 1;
        _keys = new ulong[capacity];
        _weights = new float[capacity];
        _spellings = new string[capacity];
        _mask = capacity - 1;
        foreach (var (spelling, weight) in cues)
            Put(CueKey.Of(spelling), spelling, weight);
        Count = cues.Count;
    }

    public int Count { get; }

    /// <summary>The weight of a cue; 0 for one the model never learned.</summary>
    public float WeightOf(ulong key) => Slot(key) is var slot && _keys[slot] == key ? _weights[slot] : 0f;

    public string? SpellingOf(ulong key) => Slot(key) is var slot && _keys[slot] == key ? _spellings[slot] : null;

    public IEnumerable<(string Spelling, float Weight)> All()
    {
        for (var i = 0; i < _keys.Length; i++)
            if (_spellings[i] is { } spelling)
                yield return (spelling, _weights[i]);
    }

    private void Put(ulong key, string spelling, float weight)
    {
        var slot = Slot(key);
        if (_keys[slot] == key && _spellings[slot] is not null)
            throw new ArgumentException($"cue \"{spelling}\" is listed twice (as \"{_spellings[slot]}\")", nameof(spelling));
        _keys[slot] = key;
        _weights[slot] = weight;
        _spellings[slot] = spelling;
    }

    // Key 0 marks an empty slot; FNV-1a of real text is never 0 in practice, and a clash would only cost a weight.
    private int Slot(ulong key)
    {
        var slot = (int)(key ^ (key >> 29)) & _mask;
        while (_keys[slot] != 0 && _keys[slot] != key)
            slot = (slot + 1) & _mask;
        return slot;
    }
}
