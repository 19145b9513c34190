using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using RiskTriggers.Host.Cli;
using RiskTriggers.Host.Tests.Support;

namespace RiskTriggers.Host.Tests.Cli;

/// <summary>The progress of long verbs on stderr, on a fake clock; and what <c>replay</c> writes with stderr redirected.</summary>
public sealed partial class CliProgressTests
{
    private FakeTimeProvider _time = null!;
    private StringWriter _error = null!;

    [SetUp]
    public void FreshClockAndStderr()
    {
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
        _error = new StringWriter(CultureInfo.InvariantCulture);
    }

    [TearDown]
    public void DisposeStderr() => _error.Dispose();

    [Test]
    public void Frame_KnownSize_ShowsEventsRateElapsedShareAndTimeLeft()
    {
        var progress = Reporter(ProgressFrames.Lines);
        progress.Start(total: 1000);
        progress.Counted(4000, 10);

        _time.Advance(TimeSpan.FromSeconds(1));
        progress.Advance(250);

        Assert.That(Lines(), Is.EqualTo(new[] { "replay: 4,000 events, 4,000 events/s, 1.0s, 25%, ETA 3.0s" }));
    }

    [Test]
    public void Frame_UnknownSize_HasNoShareAndNoTimeLeft()
    {
        var progress = Reporter(ProgressFrames.Lines);
        progress.Start(total: 0);
        progress.Counted(1000, 0);

        _time.Advance(TimeSpan.FromSeconds(2));
        progress.Advance(500);

        Assert.That(Lines(), Is.EqualTo(new[] { "replay: 1,000 events, 500 events/s, 2.0s" }));
    }

    [Test]
    public void Frames_ManyUpdatesWithinTheInterval_DrawOnce()
    {
        var progress = Reporter(ProgressFrames.Lines);
        progress.Start(total: 0);
        _time.Advance(CliProgress.Interval);

        for (var i = 0; i < 1000; i++)
        {
            progress.Counted(1, 0);
            _time.Advance(TimeSpan.FromMilliseconds(0.2));
        }

        // 1,000 updates over 200 ms: the first draws, the rest fall inside the 250 ms that follow it.
        Assert.That(Lines(), Has.Length.EqualTo(1));
    }

    [Test]
    public void Frames_OnePerIntervalAtMost()
    {
        var progress = Reporter(ProgressFrames.Lines);
        progress.Start(total: 0);

        for (var i = 0; i < 40; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            progress.Counted(1, 0);
        }

        // Updates every 100 ms for 4 s: a frame at 300 ms, then at the first update 250 ms or more after the last
        // frame — 600, 900, …, 3,900 ms.
        Assert.That(Lines(), Has.Length.EqualTo(13));
    }

    [Test]
    public void Finish_WritesOneSummaryLineWithEventsAlertsElapsedAndRate()
    {
        var progress = Reporter(ProgressFrames.None);
        progress.Start(total: 100);
        progress.Counted(4000, 12);
        _time.Advance(TimeSpan.FromSeconds(2));
        progress.Advance(100);

        progress.Finish();

        Assert.That(Lines(), Is.EqualTo(new[] { "replay: 4,000 events, 12 alerts in 2.0s (2,000 events/s)" }));
    }

    [Test]
    public void Redraw_DrawsInPlaceAndFinishClearsTheLineBeforeTheSummary()
    {
        var progress = Reporter(ProgressFrames.Redraw);
        progress.Start(total: 0);
        _time.Advance(TimeSpan.FromSeconds(1));
        progress.Counted(10, 1);

        progress.Finish();

        var frame = "replay: 10 events, 10 events/s, 1.0s";
        Assert.That(_error.ToString(), Is.EqualTo($"\r{frame}\r{new string(' ', frame.Length)}\rreplay: 10 events, 1 alerts in 1.0s (10 events/s)" + Environment.NewLine));
    }

    [Test]
    public void Start_NewPhase_TimeLeftIsMeasuredFromItsStart()
    {
        var progress = Reporter(ProgressFrames.Lines, "backtest");
        progress.Start(total: 100, phase: "reading");
        _time.Advance(TimeSpan.FromSeconds(10));

        progress.Start(total: 1000, phase: "replaying");
        _time.Advance(TimeSpan.FromSeconds(2));
        progress.Advance(500);

        Assert.That(Lines(), Is.EqualTo(new[] { "backtest replaying: 0 events, 0 events/s, 12.0s, 50%, ETA 2.0s" }));
    }

    [TestCase(0.4, "0.4s")]
    [TestCase(185, "3m05s")]
    [TestCase(3720, "1h02m")]
    public void Clock_ReadsLikeADuration(double seconds, string expected) =>
        Assert.That(CliProgress.Clock(TimeSpan.FromSeconds(seconds)), Is.EqualTo(expected));

    [Test]
    public async Task Replay_StderrRedirected_WritesOnlyTheSummaryToStderrAndCleanJsonLinesToStdout()
    {
        var (exit, output, error) = await HostProcess.RunAsync(null, "replay", Repository.File("samples/events.jsonl"));

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.Zero, string.Join("\n", error));
            Assert.That(output, Is.Not.Empty);
            Assert.That(output.Where(line => !IsJsonObject(line)), Is.Empty, "every stdout line is one JSON alert");
            Assert.That(error.Where(line => line.Contains('\r') || line.Contains("ETA")), Is.Empty, "no progress frames");
            Assert.That(error.Count(line => Summary().IsMatch(line)), Is.EqualTo(1), string.Join("\n", error));
            Assert.That(error.Single(line => Summary().IsMatch(line)), Does.StartWith($"replay: 367 events, {output.Count} alerts in "));
        });
    }

    private CliProgress Reporter(ProgressFrames frames, string verb = "replay") => new(verb, _error, frames, _time);

    private string[] Lines() => _error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

    private static bool IsJsonObject(string line)
    {
        try
        {
            using var json = JsonDocument.Parse(line);
            return json.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^replay: [\d,]+ events, [\d,]+ alerts in \S+ \([\d,]+ events/s\)$")]
    private static partial Regex Summary();
}
