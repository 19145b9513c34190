using RiskTriggers.Engine.Alerts;

namespace RiskTriggers.Host.Alerts;

/// <summary>
/// An alert on the wire (API, SSE, SignalR, webhooks): what fired, why (evidence), and where it is in its life —
/// who acknowledged and resolved it and when, when it escalates if nobody does, and the priority it was raised
/// with (<see cref="OriginalPriority"/>; differs from <see cref="Priority"/> once it escalated).
/// </summary>
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
    DateTimeOffset? EscalatesAt,
    bool Escalated,
    Priority OriginalPriority,
    string? AcknowledgedBy,
    DateTimeOffset? AcknowledgedAt,
    string? ResolvedBy,
    DateTimeOffset? ResolvedAt,
    string RecommendedAction,
    AlertOutcome? Outcome,
    string? Note,
    IReadOnlyList<Evidence> Evidence,
    IReadOnlyList<AlertHistoryEntry> History)
{
    public static AlertView From(AlertRecord r) => new(
        r.AlertId, r.Status.ToString().ToLowerInvariant(), r.Priority, r.Audience, r.Alert.Rule, r.Alert.InteractionId,
        r.Alert.CustomerId, r.Alert.AgentId, r.Alert.Queue, r.Alert.Channel, r.Alert.RaisedAt, r.ReceivedAt, r.AckDueAt,
        r.EscalatesAt, r.Escalated, r.Alert.Priority, r.Acknowledgement?.By, r.Acknowledgement?.At, r.Resolution?.By, r.Resolution?.At,
        r.Alert.RecommendedAction, r.Outcome, r.Note, r.Alert.Evidence, r.History);
}
