using RiskTriggers.Engine.Alerts;

namespace RiskTriggers.Host.Alerts;

/// <summary>
/// Keeps alerts and their lifecycle: in process memory (<see cref="InMemoryAlertBook"/>, the embedded default) or in
/// Redis (<see cref="Streams.RedisAlertBook"/>, one book for every host). Each method is one atomic change, so two
/// callers — two requests, or two hosts — never both acknowledge or escalate an alert.
/// </summary>
public interface IAlertBook
{
    /// <summary>Adds a newly raised alert; false if one with its id is already kept (a redelivery).</summary>
    ValueTask<bool> AddAsync(AlertRecord record, CancellationToken ct = default);

    ValueTask<AlertRecord?> GetAsync(string alertId, CancellationToken ct = default);

    /// <summary>Alerts matching the query, most urgent first, newest first within a priority.</summary>
    ValueTask<IReadOnlyList<AlertRecord>> ListAsync(AlertQuery query, CancellationToken ct = default);

    ValueTask<AlertChange> AcknowledgeAsync(string alertId, string by, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>Resolves an open or acknowledged alert with what came of it (<paramref name="note"/>: what was done, optional).</summary>
    ValueTask<AlertChange> ResolveAsync(
        string alertId, string by, AlertOutcome outcome, string? note, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>Escalates an alert whose ack timeout ran out at <paramref name="at"/> (its engine partition says so), if still open and not escalated.</summary>
    ValueTask<AlertChange> EscalateAsync(string alertId, DateTimeOffset at, CancellationToken ct = default);

    /// <summary>
    /// True for the Redis book: it records each change in a stream in the same step as the change, and every host
    /// follows that stream into its feed (<see cref="Streams.AlertStreamFollower"/>), so each host's clients get every
    /// change, once, in order. False for the embedded book (one host): the lifecycle hands each change to the feed.
    /// </summary>
    bool RecordsChanges { get; }

    /// <summary>Open (not resolved) alerts, as last counted here; for the gauge.</summary>
    int OpenCount { get; }
}

/// <summary>Filters for <see cref="IAlertBook.ListAsync"/>; null matches anything.</summary>
public sealed record AlertQuery(
    AlertStatus? Status = null,
    Priority? Priority = null,
    string? Queue = null,
    string? AgentId = null,
    int Limit = 100,
    Func<AlertRecord, bool>? Visible = null)
{
    /// <summary>The matching alerts in the book's order: most urgent first, newest first within a priority. Every book lists through this.</summary>
    public IReadOnlyList<AlertRecord> Apply(IEnumerable<AlertRecord> alerts) => alerts
        .Where(a => Status is null || a.Status == Status)
        .Where(a => Priority is null || a.Priority == Priority)
        .Where(a => Queue is null || string.Equals(a.Alert.Queue, Queue, StringComparison.OrdinalIgnoreCase))
        .Where(a => AgentId is null || a.Alert.AgentId == AgentId)
        .Where(a => Visible is null || Visible(a))
        .OrderBy(a => a.Priority).ThenByDescending(a => a.ReceivedAt).ThenBy(a => a.AlertId, StringComparer.Ordinal)
        .Take(Limit)
        .ToArray();
}

public enum AlertChangeOutcome
{
    Changed,
    Unchanged,
    NotFound,
    AlreadyResolved,
}

/// <summary>The result of a lifecycle change: the alert as it now is, or why nothing changed.</summary>
public sealed record AlertChange(AlertChangeOutcome Outcome, AlertRecord? Record)
{
    public static AlertChange NotFound { get; } = new(AlertChangeOutcome.NotFound, null);

    /// <summary>What acknowledging does to an alert, whichever book keeps it: open → acknowledged; again → no change.</summary>
    public static AlertChange Acknowledge(AlertRecord record, string by, DateTimeOffset now) => record.Status switch
    {
        AlertStatus.Open => new(AlertChangeOutcome.Changed, record.Acknowledge(by, now)),
        AlertStatus.Acknowledged => new(AlertChangeOutcome.Unchanged, record),
        _ => new(AlertChangeOutcome.AlreadyResolved, record),
    };

    /// <summary>What an ack timeout does: an open alert not yet escalated escalates; anything else stays as it was.</summary>
    public static AlertChange Escalate(AlertRecord record, DateTimeOffset at) => record.IsDueForEscalation(at)
        ? new(AlertChangeOutcome.Changed, record.Escalate(at))
        : new(AlertChangeOutcome.Unchanged, record);

    /// <summary>What resolving does: open or acknowledged → resolved with its outcome; resolved stays as it was.</summary>
    public static AlertChange Resolve(AlertRecord record, string by, AlertOutcome outcome, string? note, DateTimeOffset now) =>
        record.Status == AlertStatus.Resolved
            ? new(AlertChangeOutcome.AlreadyResolved, record)
            : new(AlertChangeOutcome.Changed, record.Resolve(by, outcome, note, now));
}
