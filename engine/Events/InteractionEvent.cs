namespace RiskTriggers.Engine.Events;

/// <summary>A validated interaction event: the engine's only input.</summary>
public sealed record InteractionEvent(
    string EventId,
    EventType Type,
    DateTimeOffset OccurredAt,
    string InteractionId,
    string CustomerId,
    string? Channel = null,
    string? Queue = null,
    string? AgentId = null,
    string? CustomerTier = null,
    string? Topic = null,
    string? Text = null,
    double? Score = null);
