namespace RiskTriggers.Engine.State;

/// <summary>What is known about an interaction: the context that rules decide with.</summary>
public sealed record InteractionState(
    string InteractionId,
    string CustomerId,
    string? Channel,
    string? Queue,
    string? AgentId,
    string? CustomerTier,
    DateTimeOffset LastEventAt);
