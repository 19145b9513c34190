using RiskTriggers.Engine.Alerts;

namespace RiskTriggers.Host.Alerts;

/// <summary>An alert on the wire (API, SSE, SignalR, webhooks): what fired, why (evidence), and where it is in its life.</summary>
public sealed record AlertView(
    string AlertId,
    string Status,
    Priority Priority,
    Audience Audience,
    string Rule,
    string InteractionId,
    string CustomerId,
    string? AgentId,
    string? Queue,
    string? Channel,
    DateTimeOffset RaisedAt,
    DateTimeOffset ReceivedAt,
    DateTimeOffset AckDueAt,
    bool Escalated,
    Priority OriginalPriority,
    string RecommendedAction,
    string? Outcome,
    IReadOnlyList<Evidence> Evidence,
    IReadOnlyList<AlertHistoryEntry> History)
{
    public static AlertView From(AlertRecord r) => new(
        r.AlertId, r.Status.ToString().ToLowerInvariant(), r.Priority, r.Audience, r.Alert.Rule, r.Alert.InteractionId,
        r.Alert.CustomerId, r.Alert.AgentId, r.Alert.Queue, r.Alert.Channel, r.Alert.RaisedAt, r.ReceivedAt, r.AckDueAt,
        r.Escalated, r.Alert.Priority, r.Alert.RecommendedAction, r.Outcome, r.Alert.Evidence, r.History);
}
