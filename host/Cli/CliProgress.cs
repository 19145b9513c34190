using System.CommandLine;
using System.Globalization;

namespace RiskTriggers.Host.Cli;

/// <summary>How a <see cref="CliProgress"/> shows itself while the work runs.</summary>
internal enum ProgressFrames
{
    /// <summary>Nothing until the summary line: stderr is a file or a pipe, and no one asked.</summary>
    None,

    /// <summary>One line redrawn in place (<c>\r</c>): stderr is a terminal.</summary>
    Redraw,

    /// <summary>One line per frame: <c>--progress</c> with stderr redirected, e.g. into a log.</summary>
    Lines,
}

/// <summary>
/// The progress of a long verb (<c>replay</c>, <c>backtest</c>, <c>explain</c>) on stderr, never stdout: events
/// read, their rate, the time elapsed and — when the size of the input is known — how far along and the time
/// left, at most once per <see cref="Interval"/>, and only on a terminal or with <c>--progress</c>.
/// <see cref="Finish"/> always writes one summary line: events, alerts, elapsed, rate. Thread-safe: parallel
/// runs advance one reporter together. Time comes from a <see cref="TimeProvider"/>, so tests drive it.
/// </summary>
internal sealed class CliProgress
{
    /// <summary>Shortest time between two frames: a few a second, so drawing costs nothing against the work.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly string _verb;
    private readonly TextWriter _error;
    private readonly ProgressFrames _frames;
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly Lock _drawing = new();
    private string _phase = "";
    private long _phaseStarted;
    private long _done;
    private long _total;
    private long _events;
    private long _alerts;
    private long _nextFrame;
    private int _drawn;

    public CliProgress(string verb, TextWriter error, ProgressFrames frames, TimeProvider time)
    {
        (_verb, _error, _frames, _time) = (verb, error, frames, time);
        _started = _phaseStarted = time.GetTimestamp();
        _nextFrame = _started + Ticks(Interval);
    }

    /// <summary><c>--progress</c>: frames even when stderr is not a terminal.</summary>
    public static Option<bool> Option() =>
        new("--progress") { Description = "Show progress on stderr even when it is not a terminal (it always is on one)" };

    /// <summary>Redrawn on a terminal stderr, one line per frame if <paramref name="asked"/> otherwise, else none.</summary>
    public static CliProgress On(string verb, TextWriter error, bool asked)
    {
        var terminal = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;
        var frames = terminal ? ProgressFrames.Redraw : asked ? ProgressFrames.Lines : ProgressFrames.None;
        return new CliProgress(verb, error, frames, TimeProvider.System);
    }

    /// <summary>
    /// Starts a stretch of <paramref name="total"/> units of work (bytes of a file, events of runs); 0 when the
    /// size is not known (stdin), which leaves out how far along and the time left.
    /// </summary>
    public void Start(long total, string phase = "")
    {
        lock (_drawing)
        {
            (_phase, _phaseStarted) = (phase, _time.GetTimestamp());
            Interlocked.Exchange(ref _done, 0);
            Interlocked.Exchange(ref _total, Math.Max(0, total));
        }
    }

    /// <summary>Units of work done (bytes read, events replayed from memory).</summary>
    public void Advance(long units)
    {
        Interlocked.Add(ref _done, units);
        Tick();
    }

    public void Counted(long events, long alerts)
    {
        Interlocked.Add(ref _events, events);
        Interlocked.Add(ref _alerts, alerts);
        Tick();
    }

    /// <summary>Clears the frame and writes the summary line, e.g. "replay: 367 events, 42 alerts in 1.2s (306 events/s)".</summary>
    public void Finish()
    {
        lock (_drawing)
        {
            if (_frames == ProgressFrames.Redraw && _drawn > 0)
                _error.Write('\r' + new string(' ', _drawn) + '\r');
            var elapsed = _time.GetElapsedTime(_started);
            var (events, alerts) = (Interlocked.Read(ref _events), Interlocked.Read(ref _alerts));
            _error.WriteLine($"{_verb}: {Count(events)} events, {Count(alerts)} alerts in {Clock(elapsed)} ({Rate(events, elapsed)})");
            _error.Flush();
        }
    }

    /// <summary>The frame as drawn: "replay: 12,000 events, 4,000 events/s, 3.0s, 25%, ETA 9.0s".</summary>
    private string Frame()
    {
        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(_started, now);
        var events = Interlocked.Read(ref _events);
        var parts = new List<string> { $"{Count(events)} events", Rate(events, elapsed), Clock(elapsed) };
        var (done, total) = (Interlocked.Read(ref _done), Interlocked.Read(ref _total));
        if (total > 0 && done > 0)
        {
            var inPhase = _time.GetElapsedTime(_phaseStarted, now);
            var left = TimeSpan.FromTicks((long)(inPhase.Ticks * (double)Math.Max(0, total - done) / done));
            parts.Add($"{Math.Min(100, done * 100 / total)}%");
            parts.Add($"ETA {Clock(left)}");
        }
        return $"{_verb}{(_phase.Length > 0 ? " " + _phase : "")}: {string.Join(", ", parts)}";
    }

    private void Tick()
    {
        if (_frames == ProgressFrames.None)
            return;
        var now = _time.GetTimestamp();
        if (now < Volatile.Read(ref _nextFrame))
            return;
        lock (_drawing)
        {
            if (now < _nextFrame)
                return;
            _nextFrame = now + Ticks(Interval);
            Draw(Frame());
        }
    }

    private void Draw(string frame)
    {
        if (_frames == ProgressFrames.Lines)
        {
            _error.WriteLine(frame);
        }
        else
        {
            // Padding wipes what a longer frame before it left on the line.
            _error.Write('\r' + frame.PadRight(_drawn));
            _drawn = Math.Max(_drawn, frame.Length);
        }
        _error.Flush();
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Rate(long events, TimeSpan elapsed) =>
        $"{Count((long)(events / Math.Max(elapsed.TotalSeconds, 0.001)))} events/s";

    /// <summary>"0.4s", "12.5s", "3m05s", "1h02m".</summary>
    internal static string Clock(TimeSpan span) => span switch
    {
        { TotalMinutes: < 1 } => span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s",
        { TotalHours: < 1 } => $"{(int)span.TotalMinutes}m{span.Seconds:00}s",
        _ => $"{(int)span.TotalHours}h{span.Minutes:00}m",
    };
}

/// <summary>A read-only view of a stream that reports every byte read to a <see cref="CliProgress"/>.</summary>
internal sealed class ProgressStream(Stream inner, CliProgress progress) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => inner.Length;
    public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Counted(inner.Read(buffer));

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            inner.Dispose();
        base.Dispose(disposing);
    }

    private int Counted(int read)
    {
        progress.Advance(read);
        return read;
    }
}
