using BenchmarkDotNet.Attributes;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Pipeline;
using RiskTriggers.Engine.Processing;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Engine.Signals.Phrases;
using RiskTriggers.Simulation;
using RiskTriggers.Rules;
using RiskTriggers.Rules.Lexicons;

namespace RiskTriggers.Benchmarks;

/// <summary>
/// Engine throughput on the generator's event mix, in process: the whole pipeline (Rx, the keyed engine's
/// partitions, detectors, NRules, alerts) against the hand-written loop that computes the same signals and
/// decisions with plain dictionaries (the floor). Events are generated once, outside the measurement.
/// Events/s = Events / mean time.
/// </summary>
[MemoryDiagnoser]
public class EngineThroughputBenchmark
{
    private InteractionEvent[] _events = [];
    private PhraseSpotter _spotter = null!;

    [Params(1_000)]
    public int Interactions { get; set; }

    public int Events => _events.Length;

    [GlobalSetup]
    public void Setup()
    {
        _events = new TrafficGenerator(new TrafficOptions { Interactions = Interactions, Duration = TimeSpan.FromHours(8) }).Generate().ToArray();
        _spotter = new PhraseSpotter(DefaultLexicon.Load());
        Console.WriteLine($"// {_events.Length} events; alerts: engine {Pipeline()}, without NRules {KeyedPlainDecider()}, hand-written {HandWritten()}");
    }

    [Benchmark(Baseline = true)]
    public int HandWritten() => new HandWrittenLoop(_spotter, RiskSettings.BuiltIn).Run(_events);

    [Benchmark]
    public int Pipeline() => Run(DefaultEngine.Create());

    /// <summary>Diagnostic: the same engine with the rule pack's decisions in plain C# instead of NRules.</summary>
    [Benchmark]
    public int KeyedPlainDecider() =>
        Run(new RiskTriggers.Engine.Partitions.KeyedEngine(new PlainDecider(), new FixedSettings(RiskSettings.BuiltIn), _spotter));

    private int Run(IRiskEngine engine)
    {
        var alerts = 0;
        // On one thread, as the loop runs: this measures the engine, not the cores (replay's --threads does).
        Replay.Run(_events, engine, step => alerts += step.Alerts.Count, threads: 1);
        return alerts;
    }
}
