using RiskTriggers.Engine.Alerts;
using RiskTriggers.Engine.Processing;

namespace RiskTriggers.Host.Cli.Demo;

/// <summary>What the demo has seen so far, for the status line and the summary.</summary>
internal sealed class DemoTally
{
    private readonly int[] _byPriority = new int[5];
    private readonly SortedDictionary<string, int> _byRule = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, int> _bySignal = new(StringComparer.Ordinal);

    public long Events { get; private set; }
    public int Alerts { get; private set; }
    public int Failures { get; private set; }

    public void Add(EngineStep step)
    {
        if (step.Event is not null && !step.Duplicate)
            Events++;
        if (step.Failure is not null)
            Failures++;
        foreach (var signal in step.Signals)
            _bySignal[signal.Kind] = _bySignal.GetValueOrDefault(signal.Kind) + 1;
        foreach (var alert in step.Alerts)
        {
            Alerts++;
            _byPriority[(int)alert.Priority]++;
            _byRule[alert.Rule] = _byRule.GetValueOrDefault(alert.Rule) + 1;
        }
    }

    public string ByPriority => string.Join(" · ", Enum.GetValues<Priority>().Select(p => $"{p} {_byPriority[(int)p]}"));

    public string ByRule => Join(_byRule);

    public string BySignal => Join(_bySignal);

    private static string Join(SortedDictionary<string, int> counts) =>
        counts.Count == 0 ? "none" : string.Join(" · ", counts.Select(kv => $"{kv.Key} {kv.Value}"));
}
