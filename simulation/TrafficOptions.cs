using System.ComponentModel.DataAnnotations;

namespace RiskTriggers.Simulation;

/// <summary>What <see cref="TrafficGenerator"/> produces. The same options always give the same events.</summary>
public sealed record TrafficOptions
{
    /// <summary>Seed of the one <see cref="Random"/> everything is drawn from. Default 7.</summary>
    public int Seed { get; init; } = 7;

    /// <summary>When the first interaction may start. Default 2026-11-24T08:00:00Z.</summary>
    public DateTimeOffset Start { get; init; } = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Interactions to generate; each contact of a repeat inquiry counts. Default 60.</summary>
    [Range(1, int.MaxValue)]
    public int Interactions { get; init; } = 60;

    /// <summary>Span over which interactions start; replies, follow-up contacts and complaints run past it. Default 1h.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Share of customers of tier "vip" (the others are "standard"). Default 0.1.</summary>
    [Range(0.0, 1.0)]
    public double VipShare { get; init; } = 0.1;

    /// <summary>Distinct customers to draw from; 0 means as many as <see cref="Interactions"/>. Default 0.</summary>
    [Range(0, int.MaxValue)]
    public int Customers { get; init; }

    /// <summary>Agents on shift. Default 12.</summary>
    [Range(1, 10_000)]
    public int Agents { get; init; } = 12;

    /// <summary>Relative weight of each scenario; a missing one never happens. Default <see cref="DefaultMix"/>.</summary>
    public IReadOnlyDictionary<Scenario, double> Mix { get; init; } = DefaultMix;

    /// <summary>Mostly calm traffic with every kind of trouble in it.</summary>
    public static IReadOnlyDictionary<Scenario, double> DefaultMix { get; } = new Dictionary<Scenario, double>
    {
        [Scenario.Calm] = 40,
        [Scenario.SlowReply] = 8,
        [Scenario.LongQueueWait] = 6,
        [Scenario.AngryCustomer] = 10,
        [Scenario.EscalationThreat] = 5,
        [Scenario.Churn] = 4,
        [Scenario.RepeatContact] = 4,
        [Scenario.NegatedPhrase] = 5,
        [Scenario.RepeatInquiry] = 4,
        [Scenario.Email] = 6,
    };

    internal int CustomerPool => Customers > 0 ? Customers : Interactions;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Interactions, 1, nameof(Interactions));
        ArgumentOutOfRangeException.ThrowIfLessThan(Agents, 1, nameof(Agents));
        ArgumentOutOfRangeException.ThrowIfNegative(Customers, nameof(Customers));
        ArgumentOutOfRangeException.ThrowIfLessThan(Duration, TimeSpan.Zero, nameof(Duration));
        if (VipShare is < 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(VipShare), VipShare, "must be between 0 and 1");
        ArgumentNullException.ThrowIfNull(Mix, nameof(Mix));
        if (Mix.Values.Any(w => w < 0 || double.IsNaN(w)) || Mix.Values.Sum() <= 0)
            throw new ArgumentException("weights must be non-negative and not all zero", nameof(Mix));
    }
}
