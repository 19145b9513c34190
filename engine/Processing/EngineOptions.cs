using System.ComponentModel.DataAnnotations;

namespace RiskTriggers.Engine.Processing;

/// <summary>How the engine processes events, independent of any trigger threshold.</summary>
public sealed class EngineOptions
{
    /// <summary>
    /// How long an event id is remembered to drop redeliveries: while its interaction is open, and this long
    /// after it closed. Default 24h.
    /// </summary>
    public TimeSpan DedupHorizon { get; set; } = TimeSpan.FromHours(24);

    /// <summary>An open interaction with no event for this long and no clock running is released. Default 24h.</summary>
    public TimeSpan IdleInteractionHorizon { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Customer partitions of the keyed engine (customer id hash → partition). Default 8.</summary>
    [Range(1, 1024)]
    public int Partitions { get; set; } = 8;

    /// <summary>
    /// Partitions record which customers changed, for a host that persists their snapshots
    /// (<see cref="Partitions.CustomerPartition.TakeChanged"/>). Off by default: a replay never asks, and the set
    /// would otherwise keep every customer id seen until someone did.
    /// </summary>
    public bool TrackChanges { get; set; }
}
