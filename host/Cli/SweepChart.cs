using System.Globalization;
using System.Net;
using System.Text;

namespace RiskTriggers.Host.Cli;

/// <summary>
/// A self-contained HTML page (inline SVG, no scripts, nothing fetched) that shows a sweep: alert volume as bars
/// with precision and recall as lines per value, the same as a trade-off of recall and precision against
/// volume, and the table. Hovering a mark shows its numbers (SVG &lt;title&gt;).
/// </summary>
internal static class SweepChart
{
    private const string VolumeColor = "#b8c7db";
    private const string PrecisionColor = "#1f4e9c";
    private const string RecallColor = "#d9730d";
    private const double Width = 540, Height = 380, Left = 64, Right = 64, Top = 36, Bottom = 64;
    private const double PlotW = Width - Left - Right, PlotH = Height - Top - Bottom;

    public static string Html(BacktestReport report)
    {
        var sweep = report.Sweep ?? throw new ArgumentException("not a sweep report", nameof(report));
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
            </style></head><body>
            <h1>Threshold sweep: {E(sweep.Path)}</h1>
            <p>{E(report.Events)}: {report.EventsReplayed:N0} events, {report.Interactions:N0} interactions, {report.Complaints:N0} complaints.
            An alert counts as followed when the same customer complains within {E(report.Horizon)} after it. Hover a mark for its numbers.</p>
            <div class="charts">
            """);
        html.Append(PerValue(report, sweep.Path));
        html.Append(TradeOff(report, sweep.Path));
        html.Append("</div>\n");
        html.Append(Table(report, sweep.Path));
        html.Append("</body></html>\n");
        return html.ToString();
    }

    /// <summary>Bars of alerts per 1k interactions (left axis), precision and recall lines (right axis), per value.</summary>
    private static string PerValue(BacktestReport report, string path)
    {
        var runs = report.Runs;
        var maxVolume = MaxVolume(runs);
        var slot = PlotW / runs.Count;
        double X(int i) => Left + slot * (i + 0.5);
        double YVolume(double v) => Top + PlotH * (1 - v / maxVolume);

        var svg = new StringBuilder();
        svg.Append(Open("Alert volume, precision and recall per value"));
        Gridlines(svg);
        for (var t = 0; t <= 4; t++)
        {
            var y = Top + PlotH * (1 - t / 4.0);
            svg.Append(Text(Left - 8, y + 4, N(maxVolume * t / 4, maxVolume < 10 ? "0.#" : "0"), "end"));
            svg.Append(Text(Width - Right + 8, y + 4, $"{t * 25}%", "start"));
        }
        for (var i = 0; i < runs.Count; i++)
        {
            var m = runs[i].Overall;
            var volume = m.AlertsPer1000Interactions ?? 0;
            var barW = Math.Min(48, slot * 0.6);
            svg.Append($"""<rect x="{N(X(i) - barW / 2)}" y="{N(YVolume(volume))}" width="{N(barW)}" height="{N(Top + PlotH - YVolume(volume))}" fill="{VolumeColor}"><title>{E(Tip(path, runs[i]))}</title></rect>""");
            svg.Append(Text(X(i), Top + PlotH + 18, runs[i].Value!, "middle"));
        }
        Line(svg, runs.Select((r, i) => (X(i), r.Overall.Precision, r)).ToList(), YRate, PrecisionColor, "precision", path);
        Line(svg, runs.Select((r, i) => (X(i), r.Overall.Recall, r)).ToList(), YRate, RecallColor, "recall", path);
        svg.Append(Axes(path, "alerts per 1,000 interactions", "precision / recall"));
        svg.Append(Legend([(VolumeColor, "alerts per 1k (bars)", true), (PrecisionColor, "precision", false), (RecallColor, "recall", false)]));
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    /// <summary>Recall and precision (y) against alerts per 1k interactions (x); each point names its value.</summary>
    private static string TradeOff(BacktestReport report, string path)
    {
        var runs = report.Runs;
        var maxVolume = MaxVolume(runs);
        double X(double v) => Left + PlotW * v / maxVolume;

        var svg = new StringBuilder();
        svg.Append(Open("Trade-off: recall and precision against alert volume"));
        Gridlines(svg);
        for (var t = 0; t <= 4; t++)
        {
            svg.Append(Text(Left - 8, Top + PlotH * (1 - t / 4.0) + 4, $"{t * 25}%", "end"));
            svg.Append(Text(X(maxVolume * t / 4), Top + PlotH + 18, N(maxVolume * t / 4, maxVolume < 10 ? "0.#" : "0"), "middle"));
        }
        // Value labels above the higher line and below the lower one, so the two rows of labels do not collide.
        var recallAbove = runs.Sum(r => r.Overall.Recall ?? 0) >= runs.Sum(r => r.Overall.Precision ?? 0);
        foreach (var (color, name, rate, above) in new (string, string, Func<BacktestMetricsReport, double?>, bool)[]
                 { (PrecisionColor, "precision", m => m.Precision, !recallAbove), (RecallColor, "recall", m => m.Recall, recallAbove) })
        {
            var points = runs.Select(r => (X(r.Overall.AlertsPer1000Interactions ?? 0), rate(r.Overall), r)).ToList();
            Line(svg, points, YRate, color, name, path);
            foreach (var (x, y, run) in points.Where(p => p.Item2 is not null))
                svg.Append(Text(x, YRate(y!.Value) + (above ? -9 : 18), run.Value!, "middle", 10));
        }
        svg.Append(Axes("alerts per 1,000 interactions", "", "precision / recall", leftIsRate: true));
        svg.Append(Legend([(PrecisionColor, "precision", false), (RecallColor, "recall", false)]));
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static double YRate(double rate) => Top + PlotH * (1 - rate);

    /// <summary>Top of the volume axis: a round number at or above the largest alerts per 1k.</summary>
    private static double MaxVolume(IReadOnlyList<BacktestRunReport> runs) =>
        NiceCeiling(runs.Max(r => r.Overall.AlertsPer1000Interactions ?? 0));

    private static string Table(BacktestReport report, string path)
    {
        var table = new StringBuilder("<table><tr>");
        foreach (var head in new[] { path, "alerts", "per 1k", "precision", "recall", "median lead" })
            table.Append($"<th>{E(head)}</th>");
        table.Append("</tr>\n");
        foreach (var run in report.Runs)
        {
            var m = run.Overall;
            table.Append($"<tr><td>{E(run.Value!)}</td><td>{m.Alerts}</td><td>{Fmt(m.AlertsPer1000Interactions, "0.0")}</td>" +
                         $"<td>{Fmt(m.Precision, "0.00")}</td><td>{Fmt(m.Recall, "0.00")}</td><td>{E(m.MedianLeadTime ?? "n/a")}</td></tr>\n");
        }
        return table.Append("</table>\n").ToString();
    }

    private static void Line(StringBuilder svg, List<(double X, double? Rate, BacktestRunReport Run)> points, Func<double, double> y,
        string color, string name, string path)
    {
        var known = points.Where(p => p.Rate is not null).ToList();
        if (known.Count > 1)
            svg.Append($"""<polyline fill="none" stroke="{color}" stroke-width="2.5" points="{string.Join(' ', known.Select(p => $"{N(p.X)},{N(y(p.Rate!.Value))}"))}"/>""");
        foreach (var (x, rate, run) in known)
            svg.Append($"""<circle cx="{N(x)}" cy="{N(y(rate!.Value))}" r="5" fill="{color}"><title>{E($"{name} {Fmt(rate, "0.00")} — " + Tip(path, run))}</title></circle>""");
    }

    private static string Tip(string path, BacktestRunReport run)
    {
        var m = run.Overall;
        return string.Create(CultureInfo.InvariantCulture,
            $"{path}={run.Value}: {m.Alerts} alerts ({Fmt(m.AlertsPer1000Interactions, "0.0")} per 1k interactions), precision {Fmt(m.Precision, "0.00")} ({m.AlertsFollowed}/{m.Alerts}), recall {Fmt(m.Recall, "0.00")} ({m.ComplaintsPreceded}/{m.Complaints}), median lead {m.MedianLeadTime ?? "n/a"}");
    }

    private static string Open(string title) =>
        $"""<svg xmlns="http://www.w3.org/2000/svg" width="{N(Width)}" height="{N(Height)}" viewBox="0 0 {N(Width)} {N(Height)}" role="img" aria-label="{E(title)}"><rect width="100%" height="100%" fill="#fff"/>""" +
        Text(Width / 2, 20, title, "middle", 14);

    private static void Gridlines(StringBuilder svg)
    {
        for (var t = 0; t <= 4; t++)
        {
            var y = Top + PlotH * (1 - t / 4.0);
            svg.Append($"""<line x1="{N(Left)}" x2="{N(Left + PlotW)}" y1="{N(y)}" y2="{N(y)}" stroke="#e5e5e5"/>""");
        }
    }

    private static string Axes(string xLabel, string leftLabel, string rightLabel, bool leftIsRate = false)
    {
        var axes = new StringBuilder();
        axes.Append($"""<line x1="{N(Left)}" x2="{N(Left + PlotW)}" y1="{N(Top + PlotH)}" y2="{N(Top + PlotH)}" stroke="#555"/>""");
        axes.Append($"""<line x1="{N(Left)}" x2="{N(Left)}" y1="{N(Top)}" y2="{N(Top + PlotH)}" stroke="#555"/>""");
        axes.Append(Text(Left + PlotW / 2, Height - 22, xLabel, "middle", 13));
        var (left, right) = leftIsRate ? (rightLabel, "") : (leftLabel, rightLabel);
        axes.Append($"""<text x="16" y="{N(Top + PlotH / 2)}" text-anchor="middle" font-size="13" transform="rotate(-90 16 {N(Top + PlotH / 2)})">{E(left)}</text>""");
        if (right.Length > 0)
        {
            axes.Append($"""<line x1="{N(Left + PlotW)}" x2="{N(Left + PlotW)}" y1="{N(Top)}" y2="{N(Top + PlotH)}" stroke="#555"/>""");
            axes.Append($"""<text x="{N(Width - 14)}" y="{N(Top + PlotH / 2)}" text-anchor="middle" font-size="13" transform="rotate(90 {N(Width - 14)} {N(Top + PlotH / 2)})">{E(right)}</text>""");
        }
        return axes.ToString();
    }

    private static string Legend(IReadOnlyList<(string Color, string Name, bool Box)> entries)
    {
        var legend = new StringBuilder();
        var x = Left;
        foreach (var (color, name, box) in entries)
        {
            legend.Append(box
                ? $"""<rect x="{N(x)}" y="{N(Height - 12)}" width="14" height="10" fill="{color}"/>"""
                : $"""<line x1="{N(x)}" x2="{N(x + 14)}" y1="{N(Height - 7)}" y2="{N(Height - 7)}" stroke="{color}" stroke-width="3"/>""");
            legend.Append(Text(x + 20, Height - 3, name, "start"));
            x += 40 + name.Length * 6.5;
        }
        return legend.ToString();
    }

    private static string Text(double x, double y, string text, string anchor, int size = 12) =>
        $"""<text x="{N(x)}" y="{N(y)}" text-anchor="{anchor}" font-size="{size}">{E(text)}</text>""";

    /// <summary>The smallest of 1, 2, 2.5, 5 × 10^k at or above the value (1 for nothing).</summary>
    private static double NiceCeiling(double value)
    {
        if (value <= 0)
            return 1;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in new[] { 1, 2, 2.5, 5, 10 })
        {
            if (step * magnitude >= value)
                return step * magnitude;
        }
        return 10 * magnitude;
    }

    private static string Fmt(double? value, string format) => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    private static string N(double value, string format = "0.#") => value.ToString(format, CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
