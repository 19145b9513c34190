using System.ComponentModel.DataAnnotations;

namespace RiskTriggers.Engine.Shadow;

/// <summary>Options of <see cref="ShadowRun"/>.</summary>
public sealed class ShadowOptions
{
    /// <summary>Alerts kept per side for the report; beyond it the report says it is truncated. Default 10,000.</summary>
    [Range(1, 10_000_000)]
    public int MaxAlertsPerSide { get; set; } = 10_000;
}
