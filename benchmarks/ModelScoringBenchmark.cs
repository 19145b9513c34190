using BenchmarkDotNet.Attributes;
using RiskTriggers.Engine.Dissatisfaction;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Signals.Phrases;
using RiskTriggers.Rules.Lexicons;
using RiskTriggers.Rules.Models;
using RiskTriggers.Simulation;

namespace RiskTriggers.Benchmarks;

/// <summary>
/// Scoring customer messages with the shipped dissatisfaction model on one thread, as the engine does after each
/// message (the running sums of a conversation, then its score), beside the lexicon's phrase spotting of the same
/// messages. Messages/s = Messages / mean time. The target: at least 200,000 a second, allocation-free.
/// </summary>
[MemoryDiagnoser]
public class ModelScoringBenchmark
{
    private string[] _messages = [];
    private DissatisfactionModel _model = null!;
    private PhraseSpotter _spotter = null!;

    public int Messages => _messages.Length;

    [GlobalSetup]
    public void Setup()
    {
        _messages = new TrafficGenerator(new TrafficOptions { Interactions = 2_000, Duration = TimeSpan.FromHours(8) }).Generate()
            .Where(e => e.Type == EventType.CustomerMessage && !string.IsNullOrEmpty(e.Text)).Select(e => e.Text!).Take(10_000).ToArray();
        _model = DefaultModel.Load();
        _spotter = new PhraseSpotter(DefaultLexicon.Load());
        Console.WriteLine($"// {_messages.Length} customer messages, average {_messages.Average(m => m.Length):0} chars");
    }

    [Benchmark(Baseline = true)]
    public int LexiconSpot()
    {
        var hits = 0;
        foreach (var message in _messages)
            hits += _spotter.Spot(message).Count;
        return hits;
    }

    /// <summary>Each message as the next one of a three-message conversation, scored after it.</summary>
    [Benchmark]
    public double ModelScore()
    {
        var sum = 0.0;
        var conversation = new Conversation();
        for (var i = 0; i < _messages.Length; i++)
        {
            if (i % 3 == 0)
                conversation = new Conversation();
            conversation.Add(_messages[i], _model);
            sum += conversation.Score(_model) ?? 0;
        }
        return sum;
    }
}
