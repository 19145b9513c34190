using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Pipeline;

namespace RiskTriggers.Host.Cli;

/// <summary>
/// The history a backtest replays: streamed from the file once per run, or — when several runs share a file
/// of at most <see cref="LoadOnceLimitBytes"/> — read once into memory and replayed from there by every run.
/// Either way no run reads the file more than once.
/// </summary>
internal sealed class BacktestHistory
{
    /// <summary>Largest file loaded into memory once for several runs (about 1 KB of memory per event).</summary>
    public const long LoadOnceLimitBytes = 256L * 1024 * 1024;

    private readonly string _path;
    private readonly TimeSpan _lateness;
    private readonly CliProgress _progress;
    private List<InteractionEvent>? _loaded;
    private int _passes;

    private BacktestHistory(string path, TimeSpan lateness, CliProgress progress, long length) =>
        (_path, _lateness, _progress, Length) = (path, lateness, progress, length);

    public long Length { get; }

    public int LinesRead { get; private set; }

    public IReadOnlyList<Rejection> Rejections { get; private set; } = [];

    public bool InMemory => _loaded is not null;

    public static bool TryOpen(string path, TimeSpan lateness, CliProgress progress, out BacktestHistory history, out string error)
    {
        history = null!;
        error = "";
        if (path == "-")
        {
            error = "the events must be a file (a backtest may read it more than once), not stdin";
            return false;
        }
        if (!File.Exists(path))
        {
            error = $"file '{path}' not found";
            return false;
        }
        history = new BacktestHistory(path, lateness, progress, new FileInfo(path).Length);
        return true;
    }

    /// <summary>Prepares <paramref name="runs"/> runs: loads the file once if there are several and it is small enough.</summary>
    public void Prepare(int runs)
    {
        if (runs > 1 && Length <= LoadOnceLimitBytes)
        {
            _progress.Start(Length, "reading");
            _loaded = Pass(replaying: false).ToList();
            _progress.Start((long)_loaded.Count * runs, "replaying");
        }
        else
        {
            _progress.Start(Length * runs);
        }
    }

    /// <summary>The events of one run, in time order, each counted as replayed. Safe to call from parallel runs.</summary>
    public IEnumerable<InteractionEvent> Events() =>
        _loaded is { } loaded ? loaded.Select(e => { _progress.Advance(1); _progress.Counted(1, 0); return e; }) : Pass(replaying: true);

    private IEnumerable<InteractionEvent> Pass(bool replaying)
    {
        using var input = new ProgressStream(File.OpenRead(_path), _progress);
        var file = new EventFile(input, _path, EventLimits.Default);
        foreach (var e in file.Events().InTimeOrder(e => e.OccurredAt, _lateness))
        {
            if (replaying)
                _progress.Counted(1, 0);
            yield return e;
        }
        if (Interlocked.Increment(ref _passes) == 1)
        {
            LinesRead = file.LinesRead;
            Rejections = file.Rejections;
        }
    }
}
