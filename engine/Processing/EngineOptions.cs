using System.ComponentModel.DataAnnotations;

namespace RiskTriggers.Engine.Processing;

/// <summary>How the engine processes events, independent of any trigger threshold.</summary>
public sealed class EngineOptions
{
    /// <summary>How long an event id is remembered to drop redeliveries. Default 24h.</summary>
    public TimeSpan DedupHorizon { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Most deadlines claimed per wake-up. Default 500.</summary>
    [Range(1, 100_000)]
    public int DeadlineClaimBatch { get; set; } = 500;
}
