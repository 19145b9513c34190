namespace RiskTriggers.Engine.Events;

/// <summary>
/// The event exactly as it arrived on the wire: every field a string so that validation,
/// not deserialization, decides what is wrong and names the field.
/// </summary>
public sealed class EventEnvelope
{
    public string? EventId { get; set; }
    public string? Type { get; set; }
    public string? OccurredAt { get; set; }
    public string? InteractionId { get; set; }
    public string? CustomerId { get; set; }
    public string? Channel { get; set; }
    public string? Queue { get; set; }
    public string? AgentId { get; set; }
    public string? CustomerTier { get; set; }
    public string? Topic { get; set; }
    public string? Text { get; set; }

    /// <summary>A survey answer (<c>satisfaction_rated</c>): kept raw so a wrong type is named, not thrown.</summary>
    public System.Text.Json.JsonElement? Score { get; set; }
}
