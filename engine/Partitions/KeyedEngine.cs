using RiskTriggers.Engine.Dissatisfaction;
using RiskTriggers.Engine.Decisions;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Processing;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Engine.Signals.Detectors;
using RiskTriggers.Engine.Signals.Phrases;
using RiskTriggers.Engine.State.Redis;

namespace RiskTriggers.Engine.Partitions;

/// <summary>
/// The engine with its state in memory, split into customer partitions by a stable hash of the customer id,
/// so every event of a customer (and so of an interaction) lands in the same partition, in order. Each
/// partition is synchronous and single-owner; callers that run partitions on several threads keep each
/// partition on one at a time (see <see cref="Partition"/>).
/// </summary>
public sealed class KeyedEngine : IRiskEngine
{
    private readonly CustomerPartition[] _partitions;

    /// <param name="model">The dissatisfaction model; without one, no <c>DissatisfactionPredicted</c> signal.</param>
    public KeyedEngine(IDecider decider, ISettingsSource settings, PhraseSpotter spotter, EngineOptions? options = null, DissatisfactionModel? model = null)
    {
        options ??= new EngineOptions();
        var phrases = new NegativePhraseDetector(spotter);
        var dissatisfaction = model is null ? null : new DissatisfactionDetector(model);
        _partitions = new CustomerPartition[options.Partitions];
        for (var i = 0; i < _partitions.Length; i++)
            _partitions[i] = new CustomerPartition(settings, decider, phrases, options, dissatisfaction);
    }

    public IReadOnlyList<CustomerPartition> Partitions => _partitions;

    public CustomerPartition Partition(string customerId) => _partitions[StableHash.ShardOf(customerId, _partitions.Length)];

    public EngineStep Handle(InteractionEvent e) => Partition(e.CustomerId).Handle(e);

    /// <summary>Fires what is due in every partition, as one step (replay and a single-threaded host).</summary>
    public EngineStep FireDue(DateTimeOffset now)
    {
        if (_partitions.Length == 1)
            return _partitions[0].FireDue(now);
        EngineStep? merged = null;
        foreach (var partition in _partitions)
        {
            if (partition.NextDue is not { } due || due > now)
                continue;
            var step = partition.FireDue(now);
            merged = merged is null ? step : Merge(merged, step);
        }
        // The alarm keeps one timer: it must be set for the earliest entry of any partition, fired or not.
        return merged is null ? new EngineStep(now, null, false, [], [], NextDue) : merged with { NextDeadline = NextDue };
    }

    public bool Acknowledge(string customerId, string alertId) => Partition(customerId).Acknowledge(customerId, alertId);

    public DateTimeOffset? NextDue
    {
        get
        {
            DateTimeOffset? earliest = null;
            foreach (var partition in _partitions)
            {
                if (partition.NextDue is { } due && (earliest is null || due < earliest))
                    earliest = due;
            }
            return earliest;
        }
    }

    // The step interface may be called from any thread (hosts, shadow runs): each partition is taken for the
    // step, uncontended in a replay. Single-owner callers use Handle/FireDue directly.
    public ValueTask<EngineStep> HandleAsync(InteractionEvent e, CancellationToken ct = default)
    {
        var partition = Partition(e.CustomerId);
        lock (partition.Gate)
            return new(partition.Handle(e));
    }

    public ValueTask<EngineStep> FireDueAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        foreach (var partition in _partitions)
            partition.Gate.Enter();
        try
        {
            return new(FireDue(now));
        }
        finally
        {
            foreach (var partition in _partitions)
                partition.Gate.Exit();
        }
    }

    /// <summary>Held state, for gauges and memory-bound tests.</summary>
    public (int Customers, int Interactions) Counts() =>
        (_partitions.Sum(p => p.Customers), _partitions.Sum(p => p.Interactions));

    private static EngineStep Merge(EngineStep a, EngineStep b) => a with
    {
        Signals = [.. a.Signals, .. b.Signals],
        Alerts = [.. a.Alerts, .. b.Alerts],
        Outcomes = [.. a.Outcomes, .. b.Outcomes],
        Escalations = [.. a.Escalations, .. b.Escalations],
        SettingsVersion = Math.Max(a.SettingsVersion, b.SettingsVersion),
    };
}
