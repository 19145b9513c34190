using System.Buffers.Text;
using System.Text;
using StackExchange.Redis;

namespace RiskTriggers.Host.Cluster;

/// <summary>An entry id of a Redis stream (<c>ms-seq</c>), ordered as Redis orders them.</summary>
internal readonly record struct EntryId(ulong Ms, ulong Seq) : IComparable<EntryId>
{
    /// <summary>The id as Redis sends it: ASCII <c>ms-seq</c>.</summary>
    public static EntryId Parse(ReadOnlySpan<byte> id)
    {
        var dash = id.IndexOf((byte)'-');
        return dash < 0 ? new(ParseNumber(id), 0) : new(ParseNumber(id[..dash]), ParseNumber(id[(dash + 1)..]));
    }

    public static EntryId Parse(RedisValue id) => Parse(((ReadOnlyMemory<byte>)id).Span);

    private static ulong ParseNumber(ReadOnlySpan<byte> digits) =>
        Utf8Parser.TryParse(digits, out ulong value, out var read) && read == digits.Length ? value : throw new FormatException($"not a stream entry id: {Encoding.ASCII.GetString(digits)}");

    public int CompareTo(EntryId other) => Ms != other.Ms ? Ms.CompareTo(other.Ms) : Seq.CompareTo(other.Seq);

    public override string ToString() => $"{Ms}-{Seq}";
}

/// <summary>
/// Where an owner resumes reading its stream, as the start of an XRANGE: <c>-</c> (the beginning), <c>ID</c> (from
/// that entry on: it was read but its event is still held back) or <c>(ID</c> (after it: everything up to it is done).
/// </summary>
internal static class StreamCursor
{
    public const string Beginning = "-";

    public static string From(EntryId id) => id.ToString();

    public static string After(EntryId id) => "(" + id;
}
