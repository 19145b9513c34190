using System.Globalization;
using System.Net;
using System.Text;
using RiskTriggers.Engine.Backtesting;
using RiskTriggers.Host.Scoring;

namespace RiskTriggers.Host.Cli;

/// <summary>
/// A self-contained HTML page (inline SVG, no scripts, nothing fetched) that shows a sweep: alert volume as bars
/// with precision and recall as lines per value, the trade-off of recall and precision against volume, and the
/// table. Both value axes of the trade-off fit the data, so close runs stay apart; the value in force is marked;
/// precision and recall carry their 95% Wilson interval, wide when few alerts or complaints stand behind them.
/// Hovering a mark shows its numbers (SVG &lt;title&gt;). Marks carry classes and data- attributes for the tests.
/// </summary>
internal static class SweepChart
{
    private const string VolumeColor = "#b8c7db";
    private const string PrecisionColor = "#1f4e9c";
    private const string RecallColor = "#d9730d";
    private const string InForceColor = "#222";
    private const double Width = 600, Height = 400, Left = 64, Right = 64, Top = 48, Bottom = 64;
    private const double PlotW = Width - Left - Right, PlotH = Height - Top - Bottom;

    public static string Html(BacktestReport report)
    {
        var sweep = report.Sweep ?? throw new ArgumentException("not a sweep report", nameof(report));
        var points = report.Runs.Select(Point.Of).ToList();
        var inForce = sweep.InForce is { } label && SweepValue.TryParse(label, out var value) ? value : null;
        var html = new StringBuilder();
        html.Append($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Sweep of {E(sweep.Path)}</title>
            <style>
              body {"{"} font-family: system-ui, sans-serif; margin: 24px; color: #222; {"}"}
              .charts {"{"} display: flex; flex-wrap: wrap; gap: 24px; {"}"}
              svg text {"{"} font-size: 12px; fill: #333; {"}"}
              table {"{"} border-collapse: collapse; margin-top: 16px; {"}"}
              th, td {"{"} padding: 4px 10px; text-align: right; border-bottom: 1px solid #ddd; font-variant-numeric: tabular-nums; {"}"}
              tr.in-force td {"{"} font-weight: 600; {"}"}
            </style></head><body>
            <h1>Threshold sweep: {E(sweep.Path)}</h1>
            <p>{E(report.Events)}: {report.EventsReplayed:N0} events, {report.Interactions:N0} interactions, {report.Complaints:N0} complaints.
            An alert counts as followed when the same customer complains within {E(report.Horizon)} after it. Hover a mark for its numbers.</p>
            <p>{E(InForceNote(sweep.InForce, inForce, points))} Whiskers are 95% Wilson intervals: precision rests on
            {points.Min(p => p.Run.Overall.Alerts):N0}–{points.Max(p => p.Run.Overall.Alerts):N0} alerts per value and recall on {report.Complaints:N0} complaints,
            so where they are wide a difference between values may be chance.</p>
            <div class="charts">
            """);
        html.Append(PerValue(points, sweep.Path, inForce));
        html.Append(TradeOff(points, sweep.Path, inForce));
        html.Append("</div>\n");
        html.Append(Table(points, sweep.Path, inForce));
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static string InForceNote(string? label, SweepValue? inForce, IReadOnlyList<Point> points) =>
        inForce is null ? "The base document's value at this path is not a number or duration; nothing is marked as in force."
        : Slot(points, inForce.Number) is null ? $"The value in force, {label}, lies outside the swept values; nothing is marked."
        : points.Any(p => Same(p.Number, inForce.Number)) ? $"The value in force, {label}, is marked (dashed line, ringed points)."
        : $"The value in force, {label}, lies between two swept values: the dashed line marks it.";

    /// <summary>Bars of alerts per 1k interactions (left axis, from zero), precision and recall lines (right axis), per value.</summary>
    private static string PerValue(IReadOnlyList<Point> points, string path, SweepValue? inForce)
    {
        var volume = ChartAxis.Covering(points.Select(p => p.Volume).Append(0), minSpan: 1, floor: 0);
        var rates = RateAxis(points);
        var slot = PlotW / points.Count;
        double X(double i) => Left + slot * (i + 0.5);
        double YVolume(double v) => Top + PlotH * (1 - volume.Fraction(v));
        double YRate(double r) => Top + PlotH * (1 - rates.Fraction(r));

        var svg = new StringBuilder(Open("Alert volume, precision and recall per value"));
        foreach (var tick in volume.Ticks)
        {
            svg.Append(Gridline(YVolume(tick)));
            svg.Append(Text(Left - 8, YVolume(tick) + 4, N(tick, "0.#"), "end", cls: "y-tick", data: tick));
        }
        foreach (var tick in rates.Ticks)
        {
            svg.Append($"""<line x1="{N(Left + PlotW)}" x2="{N(Left + PlotW + 4)}" y1="{N(YRate(tick))}" y2="{N(YRate(tick))}" stroke="#555"/>""");
            svg.Append(Text(Left + PlotW + 8, YRate(tick) + 4, Percent(tick), "start", cls: "rate-tick", data: tick));
        }
        // Every value's label would collide once slots get narrow: show every stride-th, the rest are in the tooltips.
        var stride = (int)Math.Ceiling((points.Max(p => TextBox.WidthOf(p.Value, 12)) + 8) / slot);
        for (var i = 0; i < points.Count; i++)
        {
            var barW = Math.Min(48, slot * 0.6);
            var y = YVolume(points[i].Volume);
            svg.Append($"""<rect class="bar" data-value="{E(points[i].Value)}" x="{N(X(i) - barW / 2)}" y="{N(y)}" width="{N(barW)}" height="{N(Top + PlotH - y)}" fill="{VolumeColor}"><title>{E(Tip(path, points[i]))}</title></rect>""");
            if (i % stride == 0)
                svg.Append(Text(X(i), Top + PlotH + 18, points[i].Value, "middle", cls: "x-tick"));
        }
        if (inForce is not null && Slot(points, inForce.Number) is { } at)
        {
            var x = X(at);
            svg.Append($"""<line class="in-force" data-value="{E(inForce.Label)}" x1="{N(x)}" x2="{N(x)}" y1="{N(Top)}" y2="{N(Top + PlotH)}" stroke="{InForceColor}" stroke-dasharray="5 4"><title>in force: {E(inForce.Label)}</title></line>""");
            var label = $"in force {inForce.Label}";
            var anchor = x - TextBox.WidthOf(label, 11) / 2 < Left ? "start" : x + TextBox.WidthOf(label, 11) / 2 > Left + PlotW ? "end" : "middle";
            svg.Append(Text(x, Top - 8, label, anchor, 11, "in-force-label"));
        }
        Series(svg, points, p => p.Precision, (i, _) => X(i), YRate, PrecisionColor, "precision", path);
        Series(svg, points, p => p.Recall, (i, _) => X(i), YRate, RecallColor, "recall", path);
        svg.Append(Axes(path, "alerts per 1,000 interactions", "precision / recall"));
        svg.Append(Legend([(VolumeColor, "alerts per 1k", "box"), (PrecisionColor, "precision", "line"), (RecallColor, "recall", "line"),
            (InForceColor, "in force", "dash"), ("#555", "95% interval", "whisker")]));
        return svg.Append("</svg>\n").ToString();
    }

    /// <summary>Recall and precision (y) against alerts per 1k interactions (x); each point, or run of equal points, names its values.</summary>
    private static string TradeOff(IReadOnlyList<Point> points, string path, SweepValue? inForce)
    {
        var volume = ChartAxis.Covering(points.Select(p => p.Volume), minSpan: 1, floor: 0);
        var rates = RateAxis(points);
        double X(double v) => Left + PlotW * volume.Fraction(v);
        double Y(double r) => Top + PlotH * (1 - rates.Fraction(r));

        var svg = new StringBuilder(Open("Trade-off: recall and precision against alert volume"));
        foreach (var tick in rates.Ticks)
        {
            svg.Append(Gridline(Y(tick)));
            svg.Append(Text(Left - 8, Y(tick) + 4, Percent(tick), "end", cls: "y-tick", data: tick));
        }
        foreach (var tick in volume.Ticks)
            svg.Append(Text(X(tick), Top + PlotH + 18, N(tick, "0.#"), "middle", cls: "x-tick", data: tick));

        var series = new (string Color, string Name, Func<Point, Rate?> Rate)[] { (PrecisionColor, "precision", p => p.Precision), (RecallColor, "recall", p => p.Recall) };
        foreach (var (color, name, rate) in series)
            Series(svg, points, rate, (_, p) => X(p.Volume), Y, color, name, path);

        // Labels may use the free margins above and right of the plot (no ticks there), never the axes' own.
        var labels = new ChartLabels(Left + 2, 30, Width - 4, Top + PlotH - 2);
        foreach (var (_, _, rate) in series)
        {
            foreach (var p in points.Where(p => rate(p) is not null))
            {
                var (x, r) = (X(p.Volume), rate(p)!);
                labels.Reserve(Area.Around(x, Y(r.Value), 6));
                labels.Reserve(new Area(x - 4, Y(r.High), x + 4, Y(r.Low)));
            }
        }
        if (inForce is not null && points.FirstOrDefault(p => Same(p.Number, inForce.Number)) is { } current)
        {
            foreach (var (_, _, rate) in series.Where(s => s.Rate(current) is not null))
            {
                labels.Reserve(Area.Around(X(current.Volume), Y(rate(current)!.Value), 10));
                svg.Append($"""<circle class="in-force" data-value="{E(current.Value)}" cx="{N(X(current.Volume))}" cy="{N(Y(rate(current)!.Value))}" r="9" fill="none" stroke="{InForceColor}" stroke-width="1.5"><title>in force: {E(current.Value)}</title></circle>""");
            }
            if (series.Select(s => s.Rate(current)).OfType<Rate>().MaxBy(r => r.Value) is { } upper &&
                labels.Place(Around(X(current.Volume), Y(upper.Value), Math.Min(Y(upper.High), Y(upper.Value) - 9), Y(upper.Value) + 9, "in force", 11, gap: 13)) is { } box)
                svg.Append(Text(box.X, box.Y, box.Text, box.Anchor, box.Size, "in-force-label"));
        }
        // Values labelled above the upper line and below the lower one first; equal neighbours share one label ("2m–6m").
        var recallAbove = points.Sum(p => p.Recall?.Value ?? 0) >= points.Sum(p => p.Precision?.Value ?? 0);
        foreach (var (_, name, rate) in series)
        {
            var above = name == "recall" == recallAbove;
            foreach (var group in RunsOfEqual(points, p => rate(p) is { } r ? (p.Volume, r.Value) : null))
            {
                var (first, last) = (group[0], group[^1]);
                var text = group.Count == 1 ? first.Value : $"{first.Value}–{last.Value}";
                var r = rate(first)!;
                if (labels.Place(Around(X(first.Volume), Y(r.Value), Y(r.High), Y(r.Low), text, 10, gap: 12, above)) is { } box)
                    svg.Append(Text(box.X, box.Y, box.Text, box.Anchor, box.Size, "point-label"));
            }
        }
        svg.Append(Axes("alerts per 1,000 interactions", "", "precision / recall", leftIsRate: true));
        svg.Append(Legend([(PrecisionColor, "precision", "line"), (RecallColor, "recall", "line"), (InForceColor, "in force", "ring"), ("#555", "95% interval", "whisker")]));
        return svg.Append("</svg>\n").ToString();
    }

    /// <summary>
    /// Places to try for a label of a point at <paramref name="y"/> whose mark (whisker, ring) runs from <paramref name="top"/>
    /// to <paramref name="bottom"/>, nearest first: right or left of the point, beyond the mark on the preferred side, the other
    /// side, further out. Beside the point comes first because a long whisker would push an over/under label far from it.
    /// </summary>
    private static TextBox[] Around(double x, double y, double top, double bottom, string text, int size, double gap, bool above = true)
    {
        TextBox Over(double farther) => new(x, top - 3 - size * 0.25 - farther, text, "middle", size);
        TextBox Under(double farther) => new(x, bottom + 3 + size * 0.8 + farther, text, "middle", size);
        var (near, other) = above ? (Over(0), Under(0)) : (Under(0), Over(0));
        var (far, otherFar) = above ? (Over(size * 1.2), Under(size * 1.2)) : (Under(size * 1.2), Over(size * 1.2));
        return [new(x + gap, y + size * 0.35, text, "start", size), new(x - gap, y + size * 0.35, text, "end", size), near, other, far, otherFar];
    }

    /// <summary>Consecutive points with the same key (null keys skipped), e.g. the values between which nothing changes.</summary>
    private static List<List<Point>> RunsOfEqual(IReadOnlyList<Point> points, Func<Point, (double, double)?> key)
    {
        var runs = new List<List<Point>>();
        (double, double)? previous = null;
        foreach (var p in points)
        {
            var k = key(p);
            if (k is null)
                continue;
            if (runs.Count > 0 && previous == k)
                runs[^1].Add(p);
            else
                runs.Add([p]);
            previous = k;
        }
        return runs;
    }

    /// <summary>The rate axis: every rate and interval end, in round steps inside 0–100%.</summary>
    private static ChartAxis RateAxis(IReadOnlyList<Point> points) =>
        ChartAxis.Covering(points.SelectMany(p => new[] { p.Precision, p.Recall }).OfType<Rate>().SelectMany(r => new[] { r.Low, r.High }),
            minSpan: 0.1, floor: 0, ceiling: 1);

    /// <summary>Where <paramref name="number"/> falls in slots: its own, between two neighbours, or null outside the sweep.</summary>
    private static double? Slot(IReadOnlyList<Point> points, double number)
    {
        for (var i = 0; i < points.Count; i++)
        {
            if (Same(points[i].Number, number))
                return i;
            if (i + 1 < points.Count && points[i].Number < number && number < points[i + 1].Number)
                return i + (number - points[i].Number) / (points[i + 1].Number - points[i].Number);
        }
        return null;
    }

    private static bool Same(double a, double b) => Math.Abs(a - b) < 1e-9;

    /// <summary>A rate's line, its points and their interval whiskers; <paramref name="x"/> takes the point's index and the point.</summary>
    private static void Series(StringBuilder svg, IReadOnlyList<Point> points, Func<Point, Rate?> rate, Func<int, Point, double> x,
        Func<double, double> y, string color, string name, string path)
    {
        var known = points.Select((p, i) => (X: x(i, p), Rate: rate(p), Point: p)).Where(k => k.Rate is not null).ToList();
        if (known.Count > 1)
            svg.Append($"""<polyline fill="none" stroke="{color}" stroke-width="2.5" points="{string.Join(' ', known.Select(k => $"{N(k.X)},{N(y(k.Rate!.Value))}"))}"/>""");
        foreach (var (px, r, p) in known)
        {
            var (top, bottom) = (y(r!.High), y(r.Low));
            svg.Append($"""<g class="interval" data-series="{name}" data-value="{E(p.Value)}" data-low="{N(r.Low, "0.####")}" data-high="{N(r.High, "0.####")}" stroke="{color}" stroke-width="1.2" opacity="0.7">""" +
                       $"""<line x1="{N(px)}" x2="{N(px)}" y1="{N(top)}" y2="{N(bottom)}"/><line x1="{N(px - 4)}" x2="{N(px + 4)}" y1="{N(top)}" y2="{N(top)}"/><line x1="{N(px - 4)}" x2="{N(px + 4)}" y1="{N(bottom)}" y2="{N(bottom)}"/>""" +
                       $"""<title>{E($"{name} {Fmt(r.Value, "0.00")}, 95% interval {Fmt(r.Low, "0.00")}–{Fmt(r.High, "0.00")}")}</title></g>""");
            svg.Append($"""<circle class="point" data-series="{name}" data-value="{E(p.Value)}" cx="{N(px)}" cy="{N(y(r.Value))}" r="5" fill="{color}"><title>{E($"{name} {Fmt(r.Value, "0.00")} — " + Tip(path, p))}</title></circle>""");
        }
    }

    private static string Table(IReadOnlyList<Point> points, string path, SweepValue? inForce)
    {
        var table = new StringBuilder("<table><tr>");
        foreach (var head in new[] { path, "alerts", "per 1k", "precision", "95% interval", "recall", "95% interval", "median lead" })
            table.Append($"<th>{E(head)}</th>");
        table.Append("</tr>\n");
        foreach (var p in points)
        {
            var m = p.Run.Overall;
            var current = inForce is not null && Same(p.Number, inForce.Number);
            table.Append($"<tr{(current ? " class=\"in-force\"" : "")}><td>{E(p.Value)}{(current ? " (in force)" : "")}</td><td>{m.Alerts}</td><td>{Fmt(m.AlertsPer1000Interactions, "0.0")}</td>" +
                         $"<td>{Fmt(m.Precision, "0.00")}</td><td>{Interval(p.Precision)}</td><td>{Fmt(m.Recall, "0.00")}</td><td>{Interval(p.Recall)}</td><td>{E(m.MedianLeadTime ?? "n/a")}</td></tr>\n");
        }
        return table.Append("</table>\n").ToString();
    }

    private static string Interval(Rate? rate) => rate is null ? "n/a" : $"{Fmt(rate.Low, "0.00")}–{Fmt(rate.High, "0.00")}";

    private static string Tip(string path, Point p)
    {
        var m = p.Run.Overall;
        return string.Create(CultureInfo.InvariantCulture,
            $"{path}={p.Value}: {m.Alerts} alerts ({Fmt(m.AlertsPer1000Interactions, "0.0")} per 1k interactions), precision {Fmt(m.Precision, "0.00")} ({m.AlertsFollowed}/{m.Alerts}), recall {Fmt(m.Recall, "0.00")} ({m.ComplaintsPreceded}/{m.Complaints}), median lead {m.MedianLeadTime ?? "n/a"}");
    }

    private static string Open(string title) =>
        $"""<svg xmlns="http://www.w3.org/2000/svg" width="{N(Width)}" height="{N(Height)}" viewBox="0 0 {N(Width)} {N(Height)}" role="img" aria-label="{E(title)}"><rect width="100%" height="100%" fill="#fff"/>""" +
        Text(Width / 2, 22, title, "middle", 14);

    private static string Gridline(double y) =>
        $"""<line x1="{N(Left)}" x2="{N(Left + PlotW)}" y1="{N(y)}" y2="{N(y)}" stroke="#e5e5e5"/>""";

    private static string Axes(string xLabel, string leftLabel, string rightLabel, bool leftIsRate = false)
    {
        var axes = new StringBuilder();
        axes.Append($"""<line x1="{N(Left)}" x2="{N(Left + PlotW)}" y1="{N(Top + PlotH)}" y2="{N(Top + PlotH)}" stroke="#555"/>""");
        axes.Append($"""<line x1="{N(Left)}" x2="{N(Left)}" y1="{N(Top)}" y2="{N(Top + PlotH)}" stroke="#555"/>""");
        axes.Append(Text(Left + PlotW / 2, Height - 24, xLabel, "middle", 13));
        var (left, right) = leftIsRate ? (rightLabel, "") : (leftLabel, rightLabel);
        axes.Append($"""<text x="16" y="{N(Top + PlotH / 2)}" text-anchor="middle" font-size="13" transform="rotate(-90 16 {N(Top + PlotH / 2)})">{E(left)}</text>""");
        if (right.Length > 0)
        {
            axes.Append($"""<line x1="{N(Left + PlotW)}" x2="{N(Left + PlotW)}" y1="{N(Top)}" y2="{N(Top + PlotH)}" stroke="#555"/>""");
            axes.Append($"""<text x="{N(Width - 12)}" y="{N(Top + PlotH / 2)}" text-anchor="middle" font-size="13" transform="rotate(90 {N(Width - 12)} {N(Top + PlotH / 2)})">{E(right)}</text>""");
        }
        return axes.ToString();
    }

    /// <summary>One row under the plot; each entry is as wide as its text, so names never run into the next mark.</summary>
    private static string Legend(IReadOnlyList<(string Color, string Name, string Mark)> entries)
    {
        var legend = new StringBuilder();
        var (x, y) = (Left, Height - 6);
        foreach (var (color, name, mark) in entries)
        {
            legend.Append(mark switch
            {
                "box" => $"""<rect x="{N(x)}" y="{N(y - 9)}" width="14" height="10" fill="{color}"/>""",
                "dash" => $"""<line x1="{N(x)}" x2="{N(x + 14)}" y1="{N(y - 4)}" y2="{N(y - 4)}" stroke="{color}" stroke-width="1.5" stroke-dasharray="4 3"/>""",
                "ring" => $"""<circle cx="{N(x + 7)}" cy="{N(y - 4)}" r="5" fill="none" stroke="{color}" stroke-width="1.5"/>""",
                "whisker" => $"""<line x1="{N(x + 7)}" x2="{N(x + 7)}" y1="{N(y - 10)}" y2="{N(y + 2)}" stroke="{color}"/><line x1="{N(x + 4)}" x2="{N(x + 10)}" y1="{N(y - 10)}" y2="{N(y - 10)}" stroke="{color}"/><line x1="{N(x + 4)}" x2="{N(x + 10)}" y1="{N(y + 2)}" y2="{N(y + 2)}" stroke="{color}"/>""",
                _ => $"""<line x1="{N(x)}" x2="{N(x + 14)}" y1="{N(y - 4)}" y2="{N(y - 4)}" stroke="{color}" stroke-width="3"/>""",
            });
            legend.Append(Text(x + 19, y, name, "start", 11, "legend"));
            x += 19 + TextBox.WidthOf(name, 11) + 14;
        }
        return legend.ToString();
    }

    private static string Text(double x, double y, string text, string anchor, int size = 12, string? cls = null, double? data = null) =>
        $"""<text{(cls is null ? "" : $" class=\"{cls}\"")}{(data is { } d ? $" data-value=\"{N(d, "0.#########")}\"" : "")} x="{N(x)}" y="{N(y)}" text-anchor="{anchor}" font-size="{size}">{E(text)}</text>""";

    private static string Percent(double rate) => (rate * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    private static string Fmt(double? value, string format) => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    private static string N(double value, string format = "0.#") => value.ToString(format, CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);

    /// <summary>A rate with its 95% Wilson interval.</summary>
    private sealed record Rate(double Value, double Low, double High)
    {
        public static Rate? Of(double? value, int successes, int trials) =>
            value is { } v && WilsonInterval.Of(successes, trials) is { } ci ? new Rate(v, ci.Low, ci.High) : null;
    }

    /// <summary>One swept value's run, as the chart draws it.</summary>
    private sealed record Point(BacktestRunReport Run, string Value, double Number, double Volume, Rate? Precision, Rate? Recall)
    {
        public static Point Of(BacktestRunReport run)
        {
            var m = run.Overall;
            var number = SweepValue.TryParse(run.Value!, out var value) ? value.Number : double.NaN;
            return new Point(run, run.Value!, number, m.AlertsPer1000Interactions ?? 0,
                Rate.Of(m.Precision, m.AlertsFollowed, m.Alerts), Rate.Of(m.Recall, m.ComplaintsPreceded, m.Complaints));
        }
    }
}
