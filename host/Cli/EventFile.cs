using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Intake;

namespace RiskTriggers.Host.Cli;

/// <summary>
/// Reads JSON-lines events (UTF-8) from a file or stdin ("-") through an <see cref="EventIntake"/> on the file's own time
/// (<see cref="IntakeClock.FileTime"/>: a history is never too old), keeping the rejects with their line numbers
/// and dropping event ids already read.
/// </summary>
internal sealed class EventFile
{
    private readonly Utf8Lines _lines;
    private readonly string _source;
    private readonly EventIntake _intake;

    public EventFile(Stream input, string source, EventLimits limits)
        : this(input, source, new IntakeOptions { Limits = limits })
    {
    }

    public EventFile(Stream input, string source, IntakeOptions options)
    {
        _lines = new Utf8Lines(input);
        _source = source;
        _intake = new EventIntake(options, IntakeClock.FileTime(), recent: new RecentEventIds());
    }

    public List<Rejection> Rejections { get; } = [];

    public int LinesRead { get; private set; }

    /// <summary>Lines whose event id an earlier line already had.</summary>
    public long Duplicates => _intake.Counters.Duplicates;

    public static bool TryOpen(string path, out Stream input, out string error)
    {
        error = "";
        if (path == "-")
        {
            input = Console.OpenStandardInput();
            return true;
        }
        if (!File.Exists(path))
        {
            input = Stream.Null;
            error = $"file '{path}' not found";
            return false;
        }
        // No FileStream buffer (bufferSize 1): Utf8Lines reads in 64 KB blocks of its own.
        input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        return true;
    }

    public IEnumerable<InteractionEvent> Events()
    {
        while (_lines.TryRead(out var line))
        {
            LinesRead++;
            if (line.Span.IndexOfAnyExcept(" \t\r\f\v"u8) < 0)
                continue;
            if (_intake.TryAccept(line.Span, _source, LinesRead, out var accepted, out var other))
                yield return accepted!;
            else if (other!.Rejection is { } rejection)
                Rejections.Add(rejection);
        }
    }
}
