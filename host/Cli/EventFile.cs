using RiskTriggers.Engine;
using RiskTriggers.Engine.Events;

namespace RiskTriggers.Host.Cli;

/// <summary>Reads JSON-lines events from a file or stdin ("-"), validating each line and keeping the rejects.</summary>
internal sealed class EventFile(TextReader reader, string source, EventLimits limits)
{
    public List<Rejection> Rejections { get; } = [];

    public int LinesRead { get; private set; }

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
        while (reader.ReadLine() is { } line)
        {
            LinesRead++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            var result = EventReader.Read(line, limits);
            if (result.Event is { } e)
                yield return e;
            else
                Rejections.Add(new Rejection(source, LinesRead, EventReader.TryEventId(line), result.Errors, line, DateTimeOffset.MinValue));
        }
    }
}
