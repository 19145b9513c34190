using System.Buffers.Binary;
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
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly string?[] _slots = new string?[NextPowerOfTwo(slots)];

    /// <summary>The string value the reader is on (a JSON string token).</summary>
    internal string? Get(ref Utf8JsonReader reader)
    {
        // Anything but plain ASCII is left to the reader, which refuses bytes that are not UTF-8.
        if (reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > MaxLength || !Ascii.IsValid(reader.ValueSpan))
            return reader.GetString();
        return Get(reader.ValueSpan);
    }

    /// <summary>The string of these UTF-8 bytes; bytes that are not UTF-8 throw (as <see cref="Utf8JsonReader.GetString"/> does).</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length == 0)
            return "";
        if (utf8.Length > MaxLength)
            return Strict.GetString(utf8);
        ref var slot = ref _slots[Hash(utf8) & (uint)(_slots.Length - 1)];
        var held = slot;
        // Ascii.Equals is false for any byte past ASCII: other text is never a hit (and is decoded as UTF-8).
        if (held is not null && Ascii.Equals(utf8, held))
            return held;
        var made = Strict.GetString(utf8);
        slot = made;
        return made;
    }

    // Ids differ mostly at their ends ("cust-49835"): the first and last eight bytes and the length are enough.
    private static uint Hash(ReadOnlySpan<byte> utf8)
    {
        ulong mixed;
        if (utf8.Length >= 8)
            mixed = BinaryPrimitives.ReadUInt64LittleEndian(utf8) * 0x9E3779B97F4A7C15ul
                    ^ BinaryPrimitives.ReadUInt64LittleEndian(utf8[^8..]);
        else
        {
            mixed = 0;
            foreach (var b in utf8)
                mixed = (mixed << 8) | b;
        }
        mixed = (mixed ^ (ulong)utf8.Length) * 0xBF58476D1CE4E5B9ul;
        return (uint)(mixed >> 32);
    }

    private static int NextPowerOfTwo(int n)
    {
        var size = 1;
        while (size < n)
            size <<= 1;
        return size;
    }
}
