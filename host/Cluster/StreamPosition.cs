namespace RiskTriggers.Host.Cluster;

/// <summary>An entry id of a Redis stream (<c>ms-seq</c>), ordered as Redis orders them.</summary>
internal readonly record struct EntryId(ulong Ms, ulong Seq) : IComparable<EntryId>
{
    public static EntryId Parse(string id)
    {
        var dash = id.IndexOf('-');
        return dash < 0 ? new(ulong.Parse(id), 0) : new(ulong.Parse(id.AsSpan(0, dash)), ulong.Parse(id.AsSpan(dash + 1)));
    }

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
