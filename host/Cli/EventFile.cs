using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Intake;

namespace RiskTriggers.Host.Cli;

/// <summary>
/// Reads JSON-lines events from a file or stdin ("-") through an <see cref="EventIntake"/> on the file's own time
/// (<see cref="IntakeClock.FileTime"/>: a history is never too old), keeping the rejects with their line numbers
/// and dropping event ids already read.
/// </summary>
internal sealed class EventFile
{
    private readonly TextReader _reader;
    private readonly string _source;
    private readonly EventIntake _intake;

    public EventFile(TextReader reader, string source, EventLimits limits)
        : this(reader, source, new IntakeOptions { Limits = limits })
    {
    }

    public EventFile(TextReader reader, string source, IntakeOptions options)
    {
        _reader = reader;
        _source = source;
        _intake = new EventIntake(options, IntakeClock.FileTime(), recent: new RecentEventIds());
    }

    public List<Rejection> Rejections { get; } = [];

    public int LinesRead { get; private set; }

    /// <summary>Lines whose event id an earlier line already had.</summary>
    public long Duplicates => _intake.Counters.Duplicates;

    public static bool TryOpen(string path, out TextReader reader, out string error)
    {
        error = "";
        if (path == "-")
        {
            reader = Console.In;
            return true;
        }
        if (!File.Exists(path))
        {
            reader = TextReader.Null;
            error = $"file '{path}' not found";
            return false;
        }
        reader = new StreamReader(path);
        return true;
    }

    public IEnumerable<InteractionEvent> Events()
    {
        while (_reader.ReadLine() is { } line)
        {
            LinesRead++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            var taken = _intake.Take(line, _source, LinesRead);
            if (taken.Outcome == IntakeOutcome.Accepted)
                yield return taken.Event!;
            else if (taken.Rejection is { } rejection)
                Rejections.Add(rejection);
        }
    }
}
