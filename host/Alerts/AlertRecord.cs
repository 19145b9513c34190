using RiskTriggers.Engine.Alerts;

namespace RiskTriggers.Host.Alerts;

/// <summary>Where an alert is in its life: open → acknowledged → resolved (escalation keeps it open).</summary>
public enum AlertStatus
{
    Open,
    Acknowledged,
    Resolved,
}

/// <summary>One thing that happened to an alert, for its history.</summary>
public sealed record AlertHistoryEntry(DateTimeOffset At, string Action, string By, string? Note = null);

/// <summary>
/// An alert as the host tracks it: the engine's alert (with its evidence) plus its lifecycle. Priority and
/// audience start as the engine decided and change once if it escalates. Immutable: every change is a new record.
/// </summary>
public sealed record AlertRecord(
    Alert Alert,
    AlertStatus Status,
    Priority Priority,
    Audience Audience,
    DateTimeOffset ReceivedAt,
    DateTimeOffset AckDueAt,
    bool Escalated,
    string? Outcome,
    IReadOnlyList<AlertHistoryEntry> History)
{
    public const string System = "system";

    public string AlertId => Alert.AlertId;

    public static AlertRecord Raised(Alert alert, DateTimeOffset now, TimeSpan ackTimeout) =>
        new(alert, AlertStatus.Open, alert.Priority, alert.Audience, now, now + ackTimeout, false, null,
            [new AlertHistoryEntry(now, "raised", System, $"{alert.Priority} to {Describe(alert.Audience, alert.AgentId)} by rule {alert.Rule}")]);

    public AlertRecord Acknowledge(string by, DateTimeOffset now) =>
        this with { Status = AlertStatus.Acknowledged, History = [.. History, new AlertHistoryEntry(now, "acknowledged", by)] };

    public AlertRecord Resolve(string by, string outcome, DateTimeOffset now) =>
        this with { Status = AlertStatus.Resolved, Outcome = outcome, History = [.. History, new AlertHistoryEntry(now, "resolved", by, outcome)] };

    /// <summary>Not acknowledged in time: to the supervisor, one level more urgent. Only ever once.</summary>
    public AlertRecord Escalate(DateTimeOffset now)
    {
        var priority = Priority.MoreUrgent();
        return this with
        {
            Escalated = true,
            Priority = priority,
            Audience = Audience.Supervisor,
            History = [.. History, new AlertHistoryEntry(now, "escalated", System,
                $"not acknowledged within {Engine.Durations.Format(AckDueAt - ReceivedAt)}; {priority} to the supervisor")],
        };
    }

    public bool IsDueForEscalation(DateTimeOffset now) => Status == AlertStatus.Open && !Escalated && AckDueAt <= now;

    private static string Describe(Audience audience, string? agentId) =>
        audience == Audience.Agent && agentId is not null ? $"agent {agentId}" : "the supervisor";
}
