namespace RiskTriggers.Host.Cli;

/// <summary>
/// A progress bar on stderr for long backtests, redrawn when the whole percentage changes; silent unless
/// stderr is a terminal. Thread-safe: parallel runs advance one bar together.
/// </summary>
internal sealed class BacktestProgress
{
    private const int Width = 30;
    private readonly TextWriter? _terminal;
    private readonly Lock _gate = new();
    private string _label = "";
    private long _total;
    private long _done;
    private int _shown = -1;

    private BacktestProgress(TextWriter? terminal) => _terminal = terminal;

    public static BacktestProgress Silent { get; } = new(null);

    /// <summary>A bar on <paramref name="error"/> if it is the process's stderr and that is a terminal.</summary>
    public static BacktestProgress On(TextWriter error) =>
        ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected ? new(error) : Silent;

    /// <summary>Starts a phase of <paramref name="total"/> units (bytes, events).</summary>
    public void Start(string label, long total)
    {
        if (_terminal is null)
            return;
        lock (_gate)
        {
            (_label, _total, _done, _shown) = (label, Math.Max(1, total), 0, -1);
            Draw(0);
        }
    }

    public void Advance(long units)
    {
        if (_terminal is null)
            return;
        var done = Interlocked.Add(ref _done, units);
        var percent = (int)Math.Min(100, done * 100 / Volatile.Read(ref _total));
        if (percent != Volatile.Read(ref _shown))
        {
            lock (_gate)
            {
                if (percent > _shown)
                    Draw(percent);
            }
        }
    }

    /// <summary>Clears the bar so the report starts on a clean line.</summary>
    public void Finish()
    {
        if (_terminal is null)
            return;
        lock (_gate)
        {
            _terminal.Write('\r' + new string(' ', Width + _label.Length + 8) + '\r');
            _terminal.Flush();
        }
    }

    private void Draw(int percent)
    {
        _shown = percent;
        var filled = percent * Width / 100;
        _terminal!.Write($"\r{_label} [{new string('#', filled)}{new string('.', Width - filled)}] {percent,3}%");
        _terminal.Flush();
    }
}

/// <summary>A read-only view of a stream that reports every byte read to a progress bar.</summary>
internal sealed class BacktestProgressStream(Stream inner, BacktestProgress progress) : Stream
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
