using System.Text;
using System.Text.Json;

namespace RiskTriggers.Engine.Events;

/// <summary>
/// Recently read short ASCII strings (customer, interaction and agent ids, channels, queues, tiers, topics) by
/// their UTF-8 bytes, so an id that comes again is not a new string each time. Direct-mapped and fixed in size:
/// a slot holds the last string that hashed to it, so memory is bounded whatever the input, and a miss just
/// makes the string. Safe to share between threads: a slot is one reference, read and written whole.
/// </summary>
public sealed class Utf8StringCache(int slots = 1 << 15)
{
    private const int MaxLength = 64;
    private readonly string?[] _slots = new string?[NextPowerOfTwo(slots)];

    /// <summary>The string value the reader is on (a JSON string token).</summary>
    internal string? Get(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence)
            return reader.GetString();
        return Get(reader.ValueSpan);
    }

    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length == 0)
            return "";
        if (utf8.Length > MaxLength || !Ascii.IsValid(utf8))
            return Encoding.UTF8.GetString(utf8);
        var hash = 2166136261u;
        foreach (var b in utf8)
            hash = (hash ^ b) * 16777619u;
        ref var slot = ref _slots[hash & (uint)(_slots.Length - 1)];
        var held = slot;
        if (held is not null && Ascii.Equals(utf8, held))
            return held;
        var made = Encoding.ASCII.GetString(utf8);
        slot = made;
        return made;
    }

    private static int NextPowerOfTwo(int n)
    {
        var size = 1;
        while (size < n)
            size <<= 1;
        return size;
    }
}
