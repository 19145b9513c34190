namespace RiskTriggers.Host.Cli;

/// <summary>
/// The box a text takes in the chart, estimated from its length (SVG has no text measuring without a browser), and
/// a layout that places labels only where they overlap nothing placed before. A label that fits nowhere is left
/// out: its numbers are in the mark's tooltip and in the table.
/// </summary>
internal sealed class ChartLabels(double left, double top, double right, double bottom)
{
    private readonly List<Area> _placed = [];

    /// <summary>Counts as taken, without checking: a mark labels must not cover.</summary>
    public void Reserve(Area area) => _placed.Add(area);

    /// <summary>The first candidate inside the area that overlaps no placed box; it is placed. Null if none fits.</summary>
    public TextBox? Place(IEnumerable<TextBox> candidates)
    {
        foreach (var box in candidates)
        {
            var area = box.Area;
            if (area.Left < left || area.Right > right || area.Top < top || area.Bottom > bottom || _placed.Any(area.Overlaps))
                continue;
            _placed.Add(area);
            return box;
        }
        return null;
    }
}

/// <summary>An SVG text's extent: <see cref="Y"/> is the baseline, <see cref="Anchor"/> start, middle or end.</summary>
internal sealed record TextBox(double X, double Y, string Text, string Anchor, int Size)
{
    /// <summary>About 0.6 em a Latin character, 1 em a CJK one.</summary>
    public static double WidthOf(string text, int size) => text.Sum(c => c >= '\u2E80' ? 1.0 : 0.6) * size;

    public Area Area
    {
        get
        {
            var width = WidthOf(Text, Size);
            var left = Anchor switch { "middle" => X - width / 2, "end" => X - width, _ => X };
            return new Area(left, Y - Size * 0.8, left + width, Y + Size * 0.25);
        }
    }
}

/// <summary>A rectangle of the chart, in SVG units.</summary>
internal readonly record struct Area(double Left, double Top, double Right, double Bottom)
{
    public static Area Around(double x, double y, double radius) => new(x - radius, y - radius, x + radius, y + radius);

    public bool Overlaps(Area other) => Left < other.Right && other.Left < Right && Top < other.Bottom && other.Top < Bottom;
}
