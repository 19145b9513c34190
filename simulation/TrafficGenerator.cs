using RiskTriggers.Engine.Events;

namespace RiskTriggers.Simulation;

/// <summary>
/// Deterministic, seedable contact-center traffic: calm interactions mixed with every kind of trouble the
/// triggers look for, and the complaints that sometimes follow. Events stream out in timestamp order; only
/// the scripts of interactions still running are held, so a million events need little memory.
/// Nothing reads a clock: all times come from <see cref="TrafficOptions.Start"/> and the seeded draws.
/// </summary>
public sealed class TrafficGenerator
{
    private readonly TrafficOptions _options;

    public TrafficGenerator(TrafficOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>Scripts held right now by the latest enumeration of <see cref="Generate"/>.</summary>
    internal int ActiveScripts { get; private set; }

    /// <summary>The most scripts the latest enumeration held at once.</summary>
    internal int PeakActiveScripts { get; private set; }

    /// <summary>The events, lazily, in non-decreasing time order, numbered evt-000001… as they come.</summary>
    public IEnumerable<InteractionEvent> Generate()
    {
        var factory = new ScriptFactory(_options, new Random(_options.Seed));
        var active = new PriorityQueue<Script, (DateTimeOffset At, long Order)>();
        long order = 0;
        long number = 0;
        PeakActiveScripts = 0;
        while (true)
        {
            // Start every interaction due no later than the earliest pending event, so nothing comes out of order.
            while (factory.Remaining > 0 && (!active.TryPeek(out _, out var head) || factory.NextArrival <= head.At))
            {
                var script = factory.Next();
                active.Enqueue(script, (script.NextAt, order++));
            }
            ActiveScripts = active.Count;
            PeakActiveScripts = Math.Max(PeakActiveScripts, ActiveScripts);
            if (!active.TryDequeue(out var current, out _))
                yield break;
            var e = current.Take();
            if (!current.IsDone)
                active.Enqueue(current, (current.NextAt, order++));
            yield return e with { EventId = $"evt-{++number:D6}" };
        }
    }
}
