namespace RiskTriggers.Engine.Alerts;

/// <summary>A prioritised early warning for a person to act on, with the evidence that raised it.</summary>
public sealed record Alert(
    string AlertId,
    string Rule,
    Priority Priority,
    Audience Audience,
    string InteractionId,
    string CustomerId,
    string? AgentId,
    string? Queue,
    string? Channel,
    DateTimeOffset RaisedAt,
    IReadOnlyList<Evidence> Evidence,
    string RecommendedAction)
{
    /// <summary>When the alert escalates to the duty supervisor unless acknowledged first (raised + ack timeout).</summary>
    public DateTimeOffset? EscalatesAt { get; init; }
}
