using RiskTriggers.Engine;
using RiskTriggers.Engine.Processing;

namespace RiskTriggers.Host.Cli;

/// <summary>Counts what a replay did, for the summary on stderr.</summary>
internal sealed class ReplaySummary
{
    private readonly SortedDictionary<string, int> _signals = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, int> _alerts = new(StringComparer.Ordinal);

    public int Accepted { get; private set; }
    public int Duplicates { get; private set; }
    public int Failed { get; private set; }

    public void Add(EngineStep step)
    {
        if (step.Event is not null)
        {
            if (step.Duplicate) Duplicates++;
            else if (step.Failure is null) Accepted++;
        }
        if (step.Failure is not null) Failed++;
        foreach (var signal in step.Signals)
            Increment(_signals, signal.Kind);
        foreach (var alert in step.Alerts)
            Increment(_alerts, $"{alert.Rule} {alert.Priority} → {alert.Audience.ToString().ToLowerInvariant()}");
    }

    /// <summary>The summary; duplicates are those the file's intake dropped and those the engine found.</summary>
    public void WriteTo(TextWriter writer, EventFile input)
    {
        var rejections = input.Rejections;
        writer.WriteLine($"replay: {input.LinesRead} lines, {Accepted} events accepted, {Duplicates + input.Duplicates} duplicates, {rejections.Count} rejected, {Failed} failed");
        WriteCounts(writer, "signals", _signals);
        WriteCounts(writer, "alerts", _alerts);
        foreach (var rejection in rejections)
            writer.WriteLine($"  rejected line {rejection.Position}{(rejection.EventId is { } id ? $" ({id})" : "")}: {rejection.Reason}");
    }

    private static void WriteCounts(TextWriter writer, string title, SortedDictionary<string, int> counts)
    {
        writer.WriteLine($"{title}: {counts.Values.Sum()}");
        foreach (var (name, count) in counts)
            writer.WriteLine($"  {name,-40} {count,6}");
    }

    private static void Increment(SortedDictionary<string, int> counts, string key) =>
        counts[key] = counts.GetValueOrDefault(key) + 1;
}
