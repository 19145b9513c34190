using RiskTriggers.Engine.Events;

namespace RiskTriggers.Simulation;

/// <summary>
/// Writes the next arrival's script when the generator asks for it. Interaction i (of n) arrives in slot i of
/// the duration, at a random point within it, so arrivals come in time order without being stored.
/// </summary>
internal sealed class ScriptFactory
{
    private readonly TrafficOptions _options;
    private readonly Random _random;
    private readonly Customers _customers;
    private readonly KeyValuePair<Scenario, double>[] _mix;
    private int _written;

    public ScriptFactory(TrafficOptions options, Random random)
    {
        _options = options;
        _random = random;
        _customers = new Customers(options.Seed, options.CustomerPool, options.VipShare);
        _mix = [.. options.Mix.Where(kv => kv.Value > 0).OrderBy(kv => kv.Key)];
        NextArrival = ArrivalIn(0);
    }

    /// <summary>Interactions not written yet.</summary>
    public int Remaining => _options.Interactions - _written;

    /// <summary>When the next script starts; meaningful while <see cref="Remaining"/> is positive.</summary>
    public DateTimeOffset NextArrival { get; private set; }

    public Script Next()
    {
        var events = new List<InteractionEvent>();
        var scenario = _random.Weighted(_mix);
        if (scenario == Scenario.RepeatInquiry)
        {
            RepeatInquiries.Write(this, _random, NextArrival, events);
        }
        else
        {
            var topic = _random.Pick(Topics.All);
            var channel = scenario == Scenario.Email ? Topics.Email : PickLiveChannel();
            var queue = scenario == Scenario.Churn ? Topics.RetentionQueue : topic.Queue;
            Scenarios.Write(scenario, Writer(events, PickCustomer(), topic, channel, queue, NextArrival), _random);
        }
        if (Remaining > 0)
            NextArrival = ArrivalIn(_written);
        return new Script(events);
    }

    public CustomerProfile PickCustomer() => _customers.Pick(_random);

    public string PickLiveChannel() => _random.Weighted(Topics.LiveChannels);

    /// <summary>A writer for a new interaction (a new id, an agent on shift) starting at <paramref name="start"/>.</summary>
    public ScriptWriter Writer(List<InteractionEvent> events, CustomerProfile customer, Topic topic, string channel, string queue, DateTimeOffset start)
    {
        var cast = new Cast($"ix-{++_written:D5}", customer, topic, channel, queue, $"agent-{_random.Next(_options.Agents) + 1:D2}");
        return new ScriptWriter(_random, events, cast, start);
    }

    private DateTimeOffset ArrivalIn(int slot)
    {
        var offset = _options.Duration.TotalSeconds * (slot + _random.NextDouble()) / _options.Interactions;
        return _options.Start + TimeSpan.FromSeconds(Math.Floor(offset));
    }
}

/// <summary>The events of one script in time order, handed out one at a time.</summary>
internal sealed class Script(List<InteractionEvent> events)
{
    private readonly InteractionEvent[] _events = [.. events.OrderBy(e => e.OccurredAt)];
    private int _next;

    public bool IsDone => _next == _events.Length;

    public DateTimeOffset NextAt => _events[_next].OccurredAt;

    public InteractionEvent Take() => _events[_next++];
}
