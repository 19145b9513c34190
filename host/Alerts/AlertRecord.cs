using System.Text.Json.Serialization;
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
    AlertOutcome? Outcome,
    string? Note,
    IReadOnlyList<AlertHistoryEntry> History)
{
    public const string System = "system";
    public const string AcknowledgedAction = "acknowledged";
    public const string ResolvedAction = "resolved";

    [JsonIgnore] public string AlertId => Alert.AlertId;

    /// <summary>A new alert; it escalates when the engine said (<see cref="Alert.EscalatesAt"/>: raised + the ack timeout of its thresholds).</summary>
    public static AlertRecord Raised(Alert alert, DateTimeOffset now) =>
        new(alert, AlertStatus.Open, alert.Priority, alert.Audience, now,
            alert.EscalatesAt ?? throw new ArgumentException($"alert {alert.AlertId} has no escalatesAt", nameof(alert)), false, null, null,
            [new AlertHistoryEntry(now, "raised", System, $"{alert.Priority} to {Describe(alert.Audience, alert.AgentId)} by rule {alert.Rule}")]);

    /// <summary>Who acknowledged it and when; null while nobody has.</summary>
    [JsonIgnore] public AlertHistoryEntry? Acknowledgement => History.FirstOrDefault(h => h.Action == AcknowledgedAction);

    /// <summary>Who resolved it and when; null while it is not resolved.</summary>
    [JsonIgnore] public AlertHistoryEntry? Resolution => History.FirstOrDefault(h => h.Action == ResolvedAction);

    /// <summary>When it escalates if nobody acknowledges it first; null once that can no longer happen.</summary>
    [JsonIgnore] public DateTimeOffset? EscalatesAt => Status == AlertStatus.Open && !Escalated ? AckDueAt : null;

    public AlertRecord Acknowledge(string by, DateTimeOffset now) =>
        this with { Status = AlertStatus.Acknowledged, History = [.. History, new AlertHistoryEntry(now, AcknowledgedAction, by)] };

    public AlertRecord Resolve(string by, AlertOutcome outcome, string? note, DateTimeOffset now) => this with
    {
        Status = AlertStatus.Resolved,
        Outcome = outcome,
        Note = note,
        History = [.. History, new AlertHistoryEntry(now, ResolvedAction, by, note is null ? outcome.WireName() : $"{outcome.WireName()}: {note}")],
    };

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
                $"not acknowledged within {Engine.Durations.Format(AckDueAt - Alert.RaisedAt)}; {priority} to the supervisor")],
        };
    }

    public bool IsDueForEscalation(DateTimeOffset at) => Status == AlertStatus.Open && !Escalated && AckDueAt <= at;

    private static string Describe(Audience audience, string? agentId) =>
        audience == Audience.Agent && agentId is not null ? $"agent {agentId}" : "the supervisor";
}
