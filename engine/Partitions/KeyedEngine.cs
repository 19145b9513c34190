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

    public CustomerPartition Partition(string customerId) => _partitions[PartitionOf(customerId)];

    /// <summary>The index of the partition that owns <paramref name="customerId"/>.</summary>
    public int PartitionOf(string customerId) => StableHash.ShardOf(customerId, _partitions.Length);

    public EngineStep Handle(InteractionEvent e) => Partition(e.CustomerId).Handle(e);

    /// <summary>Fires what is due in every partition, as one step (replay and a single-threaded host).</summary>
    public EngineStep FireDue(DateTimeOffset now) => FireDue(now, 0, _partitions.Length);

    /// <summary>
    /// Fires what is due in the <paramref name="count"/> partitions from <paramref name="first"/>, as one step in
    /// partition order; its next deadline is theirs. A parallel replay gives each worker such a block.
    /// </summary>
    public EngineStep FireDue(DateTimeOffset now, int first, int count)
    {
        if (count == 1)
            return _partitions[first].FireDue(now);
        EngineStep? firstStep = null;
        List<EngineStep>? more = null;
        foreach (var partition in _partitions.AsSpan(first, count))
        {
            if (partition.NextDue is not { } due || due > now)
                continue;
            var step = partition.FireDue(now);
            if (firstStep is null)
                firstStep = step;
            else
                (more ??= new(count - 1)).Add(step);
        }
        // The alarm keeps one timer: it must be set for the earliest entry of any partition, fired or not.
        var next = NextDueOf(first, count);
        if (firstStep is null)
            return new EngineStep(now, null, false, [], [], next);
        return more is null ? firstStep with { NextDeadline = next } : Merge(firstStep, more) with { NextDeadline = next };
    }

    public bool Acknowledge(string customerId, string alertId) => Partition(customerId).Acknowledge(customerId, alertId);

    public DateTimeOffset? NextDue => NextDueOf(0, _partitions.Length);

    private DateTimeOffset? NextDueOf(int first, int count)
    {
        DateTimeOffset? earliest = null;
        foreach (var partition in _partitions.AsSpan(first, count))
        {
            if (partition.NextDue is { } due && (earliest is null || due < earliest))
                earliest = due;
        }
        return earliest;
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

    /// <summary>
    /// The steps of the partitions that fired, as one, in partition order (also a parallel replay's wake-ups of one
    /// moment, one per worker). Joined once: merging them pairwise made a step and four arrays per partition that
    /// fired at the same moment. The caller sets the next deadline.
    /// </summary>
    internal static EngineStep Merge(EngineStep first, List<EngineStep> more)
    {
        var settingsVersion = first.SettingsVersion;
        foreach (var step in more)
            settingsVersion = Math.Max(settingsVersion, step.SettingsVersion);
        return first with
        {
            Signals = Join(first, more, static s => s.Signals),
            Alerts = Join(first, more, static s => s.Alerts),
            Outcomes = Join(first, more, static s => s.Outcomes),
            Escalations = Join(first, more, static s => s.Escalations),
            SettingsVersion = settingsVersion,
        };
    }

    private static T[] Join<T>(EngineStep first, List<EngineStep> more, Func<EngineStep, IReadOnlyList<T>> part)
    {
        var count = part(first).Count;
        foreach (var step in more)
            count += part(step).Count;
        if (count == 0)
            return [];
        var joined = new T[count];
        var at = CopyTo(part(first), joined, 0);
        foreach (var step in more)
            at = CopyTo(part(step), joined, at);
        return joined;
    }

    private static int CopyTo<T>(IReadOnlyList<T> items, T[] target, int at)
    {
        for (var i = 0; i < items.Count; i++)
            target[at++] = items[i];
        return at;
    }
}
