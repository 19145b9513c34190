using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using RiskTriggers.Engine.Alerts;
using RiskTriggers.Engine.Events;

namespace RiskTriggers.Host.Alerts.Insights;

/// <summary>What <c>GET /v1/alerts/outcomes</c> writes, one JSON object per line.</summary>
public enum OutcomeExportFormat
{
    /// <summary>One label per resolved alert: the alert, its evidence and what came of it (for training).</summary>
    Labels,

    /// <summary>A <c>complaint_filed</c> event per <c>complaintFollowed</c> outcome, in the input event schema (for backtests).</summary>
    Events,
}

/// <summary>A resolved alert as a training label: what fired, why, and what came of it.</summary>
public sealed record OutcomeLabel(
    string AlertId, string Rule, Priority OriginalPriority, Priority Priority, bool Escalated,
    string InteractionId, string CustomerId, string? AgentId, string? Queue, string? Channel,
    DateTimeOffset RaisedAt, DateTimeOffset ResolvedAt, string ResolvedBy, AlertOutcome Outcome, string? Note,
    IReadOnlyList<Evidence> Evidence);

/// <summary>A <c>complaint_filed</c> event as docs/event-schema.md defines it; absent context fields are left out.</summary>
public sealed record ComplaintFiled(
    string EventId, string Type, DateTimeOffset OccurredAt, string InteractionId, string CustomerId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Channel,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Queue,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AgentId,
    string Text);

/// <summary>
/// The resolved outcomes as JSON lines, oldest resolution first. A complaint's time is the resolution's: the
/// moment a person recorded that the customer complained, the latest it can have happened.
/// </summary>
internal static class OutcomeExport
{
    public const string ContentType = "application/x-ndjson";
    public const string EventIdPrefix = "outcome-";

    public static string Write(IEnumerable<AlertRecord> alerts, DateTimeOffset since, DateTimeOffset until, OutcomeExportFormat format,
        JsonSerializerOptions json)
    {
        var resolved = alerts
            .Where(a => a.Outcome is not null && a.Resolution is { } r && r.At > since && r.At <= until)
            .OrderBy(a => a.Resolution!.At).ThenBy(a => a.AlertId, StringComparer.Ordinal);
        var lines = new StringBuilder();
        foreach (var alert in resolved)
        {
            object? line = format == OutcomeExportFormat.Labels ? Label(alert) : Complaint(alert);
            if (line is not null)
                lines.Append(JsonSerializer.Serialize(line, line.GetType(), json)).Append('\n');
        }
        return lines.ToString();
    }

    private static OutcomeLabel Label(AlertRecord a) => new(
        a.AlertId, a.Alert.Rule, a.Alert.Priority, a.Priority, a.Escalated, a.Alert.InteractionId, a.Alert.CustomerId, a.Alert.AgentId,
        a.Alert.Queue, a.Alert.Channel, a.Alert.RaisedAt, a.Resolution!.At, a.Resolution.By, a.Outcome!.Value, a.Note, a.Alert.Evidence);

    private static ComplaintFiled? Complaint(AlertRecord a) => a.Outcome != AlertOutcome.ComplaintFollowed ? null : new(
        EventIdPrefix + a.AlertId, EventTypes.WireName(EventType.ComplaintFiled), a.Resolution!.At, a.Alert.InteractionId, a.Alert.CustomerId,
        a.Alert.Channel, a.Alert.Queue, a.Alert.AgentId,
        $"complaint followed alert {a.AlertId} ({a.Alert.Rule}), recorded by {a.Resolution.By}" + (a.Note is null ? "" : ": " + a.Note));
}
