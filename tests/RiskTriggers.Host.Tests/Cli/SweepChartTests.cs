using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using RiskTriggers.Host.Cli;
using RiskTriggers.Host.Scoring;

namespace RiskTriggers.Host.Tests.Cli;

/// <summary>The sweep chart's SVG, read back as XML: axes fitted to the data, the value in force, Wilson whiskers, no overlapping text.</summary>
public sealed partial class SweepChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    // samples/events.jsonl swept over replyOverdue.after=2m..10m:1m: 40 interactions, 3 complaints, volumes 825 and 800 per 1k.
    private static readonly Run[] SampleSweep =
    [
        .. new[] { "2m", "3m", "4m", "5m", "6m" }.Select(v => new Run(v, 33, 5, 3, 3)),
        .. new[] { "7m", "8m", "9m", "10m" }.Select(v => new Run(v, 32, 5, 3, 3)),
    ];

    [Test]
    public void TradeOff_VolumesCloseTogether_XAxisSpansTheDataNotZeroToAThousand()
    {
        var tradeOff = Charts(Report("5m", 40, SampleSweep))[1];

        var ticks = Values(tradeOff, "text", "x-tick");
        Assert.That(ticks.Min(), Is.InRange(700, 800));
        Assert.That(ticks.Max(), Is.InRange(825, 900));
        var cx = Marks(tradeOff, "circle", "point").Where(c => Series(c) == "precision").Select(c => Number(c, "cx")).Distinct().ToList();
        Assert.That(cx.Max() - cx.Min(), Is.GreaterThan(200), "800 and 825 per 1k are far apart on a 600-wide chart");
    }

    [Test]
    public void RateAxes_LargeHistory_FitTheRatesAndTheirIntervalsNotZeroToHundred()
    {
        Run[] runs = [new("1", 1000, 450, 1000, 800), new("2", 900, 430, 1000, 760), new("3", 800, 400, 1000, 700)];

        foreach (var (chart, cls) in Charts(Report("2", 3000, runs)).Zip(new[] { "rate-tick", "y-tick" }))
        {
            var ticks = Values(chart, "text", cls);
            var intervals = Marks(chart, "g", "interval").ToList();
            Assert.That(ticks.Min(), Is.LessThanOrEqualTo(intervals.Min(i => Number(i, "data-low"))).And.GreaterThan(0.2));
            Assert.That(ticks.Max(), Is.GreaterThanOrEqualTo(intervals.Max(i => Number(i, "data-high"))).And.LessThan(1));
        }
    }

    [Test]
    public void InForce_OneOfTheValues_DashedLineOnItsSlotAndItsPointsRinged()
    {
        var (perValue, tradeOff) = Pair(Report("5m", 40, SampleSweep));

        var bar = Marks(perValue, "rect", "bar").Single(b => b.Attribute("data-value")!.Value == "5m");
        var line = Marks(perValue, "line", "in-force").Single();
        Assert.That(Number(line, "x1"), Is.EqualTo(Number(bar, "x") + Number(bar, "width") / 2).Within(0.1));
        Assert.That(Labels(perValue, "in-force-label"), Is.EqualTo(new[] { "in force 5m" }));

        var rings = Marks(tradeOff, "circle", "in-force").Select(r => (Number(r, "cx"), Number(r, "cy"))).ToList();
        var points = Marks(tradeOff, "circle", "point").Where(p => p.Attribute("data-value")!.Value == "5m").Select(p => (Number(p, "cx"), Number(p, "cy")));
        Assert.That(rings, Is.EquivalentTo(points).And.Count.EqualTo(2));
    }

    [Test]
    public void InForce_BetweenTwoValues_DashedLineBetweenTheirSlotsAndNoRing()
    {
        var (perValue, tradeOff) = Pair(Report("5m", 40, new Run("4m", 33, 5, 3, 3), new Run("6m", 32, 5, 3, 3)));

        var centres = Marks(perValue, "rect", "bar").Select(b => Number(b, "x") + Number(b, "width") / 2).ToList();
        Assert.That(Number(Marks(perValue, "line", "in-force").Single(), "x1"), Is.EqualTo((centres[0] + centres[1]) / 2).Within(0.1));
        Assert.That(Marks(tradeOff, "circle", "in-force"), Is.Empty);
    }

    [Test]
    public void InForce_OutsideTheSweep_NothingMarkedAndThePageSaysWhy()
    {
        var html = SweepChart.Html(Report("30m", 40, SampleSweep));

        Assert.That(Charts(html).SelectMany(c => c.Descendants().Where(e => Class(e) == "in-force")), Is.Empty);
        Assert.That(html, Does.Contain("The value in force, 30m, lies outside the swept values"));
    }

    [Test]
    public void Whiskers_SmallHistory_AreTheWilsonIntervalsAroundEachPoint()
    {
        foreach (var chart in Charts(Report("5m", 40, SampleSweep)))
        {
            var intervals = Marks(chart, "g", "interval").ToList();
            Assert.That(intervals, Has.Count.EqualTo(2 * SampleSweep.Length));
            foreach (var interval in intervals)
            {
                var run = SampleSweep.Single(r => r.Value == interval.Attribute("data-value")!.Value);
                var expected = Series(interval) == "precision" ? WilsonInterval.Of(run.Followed, run.Alerts)!.Value : WilsonInterval.Of(run.Preceded, run.Complaints)!.Value;
                Assert.That((Number(interval, "data-low"), Number(interval, "data-high")), Is.EqualTo((Math.Round(expected.Low, 4), Math.Round(expected.High, 4))));
                var whisker = interval.Elements(Svg + "line").First();
                var point = Marks(chart, "circle", "point").Single(p => Series(p) == Series(interval) && p.Attribute("data-value")!.Value == run.Value);
                Assert.That(Number(point, "cy"), Is.InRange(Number(whisker, "y1"), Number(whisker, "y2")), "the point lies on its whisker");
                Assert.That(Number(whisker, "y2") - Number(whisker, "y1"), Is.GreaterThan(20), "3 complaints: recall 3/3 is 0.44–1.00, 5/33 precision 0.07–0.31");
            }
        }
    }

    [Test]
    public void Labels_DenseSweep_NoTwoTextsOverlapAndEqualNeighboursShareOne()
    {
        // 60 values; volume falls by steps of five values, precision and recall with it, so points repeat in runs.
        var runs = Enumerable.Range(1, 60).Select(i => new Run($"{i}m", 300 - (i - 1) / 5 * 10, 90 - (i - 1) / 5 * 2, 120, 100 - (i - 1) / 5 * 3)).ToArray();
        var charts = Charts(Report("5m", 1000, runs));

        foreach (var chart in charts)
        {
            var boxes = chart.Descendants(Svg + "text").Where(t => t.Attribute("transform") is null)
                .Select(t => new TextBox(Number(t, "x"), Number(t, "y"), t.Value, t.Attribute("text-anchor")!.Value, (int)Number(t, "font-size"))).ToList();
            var overlapping = boxes.SelectMany((a, i) => boxes.Skip(i + 1).Where(b => a.Area.Overlaps(b.Area)).Select(b => $"'{a.Text}' and '{b.Text}'")).ToList();
            Assert.That(overlapping, Is.Empty);
        }
        Assert.That(Labels(charts[0], "x-tick"), Has.Count.InRange(5, 30), "value labels thinned to what fits");
        Assert.That(Labels(charts[1], "point-label"), Does.Contain("1m–5m").And.Contain("56m–60m"));
    }

    [TestCase(0, 0, null, null)]
    [TestCase(0, 10, 0.0, 0.2775)]
    [TestCase(3, 3, 0.4385, 1.0)]
    [TestCase(50, 100, 0.4038, 0.5962)]
    public void WilsonInterval_KnownProportions_KnownBounds(int successes, int trials, double? low, double? high)
    {
        var interval = WilsonInterval.Of(successes, trials);

        Assert.That(interval?.Low, Is.EqualTo(low).Within(1e-4));
        Assert.That(interval?.High, Is.EqualTo(high).Within(1e-4));
    }

    private sealed record Run(string Value, int Alerts, int Followed, int Complaints, int Preceded);

    private static BacktestReport Report(string? inForce, int interactions, params Run[] runs) => new(
        "history.jsonl", "1d", 1000, 0, 1000, interactions, runs[0].Complaints,
        new BacktestSweepReport("replyOverdue.after", [.. runs.Select(r => r.Value)], inForce),
        [.. runs.Select(r => new BacktestRunReport($"replyOverdue.after={r.Value}", null, r.Value, 0,
            new BacktestMetricsReport(null, r.Alerts, r.Followed, r.Complaints, r.Preceded, (double)r.Followed / r.Alerts,
                (double)r.Preceded / r.Complaints, "1h", 3600, r.Alerts * 1000.0 / interactions), []))]);

    private static List<XElement> Charts(BacktestReport report) => Charts(SweepChart.Html(report));

    /// <summary>Each inline SVG of the page; HTML-encoded text is numeric entities or XML's own, so each parses as XML.</summary>
    private static List<XElement> Charts(string html) => [.. SvgElement().Matches(html).Select(m => XElement.Parse(m.Value))];

    private static (XElement PerValue, XElement TradeOff) Pair(BacktestReport report) => Charts(report) is [var a, var b] ? (a, b) : throw new AssertionException("two charts");

    [GeneratedRegex(@"<svg[\s\S]*?</svg>")]
    private static partial Regex SvgElement();

    private static IEnumerable<XElement> Marks(XElement chart, string element, string cls) =>
        chart.Descendants(Svg + element).Where(e => Class(e) == cls);

    private static List<double> Values(XElement chart, string element, string cls) => [.. Marks(chart, element, cls).Select(e => Number(e, "data-value"))];

    private static List<string> Labels(XElement chart, string cls) => [.. Marks(chart, "text", cls).Select(e => e.Value)];

    private static string? Class(XElement e) => e.Attribute("class")?.Value;

    private static string? Series(XElement e) => e.Attribute("data-series")?.Value;

    private static double Number(XElement e, string attribute) => double.Parse(e.Attribute(attribute)!.Value, CultureInfo.InvariantCulture);
}
