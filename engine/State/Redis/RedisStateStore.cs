using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using RiskTriggers.Engine.Alerts;
using RiskTriggers.Engine.Events;
using StackExchange.Redis;
using static RiskTriggers.Engine.State.Redis.RedisValues;

namespace RiskTriggers.Engine.State.Redis;

/// <summary>
/// The production store: state lives in Redis (or Redis Cluster), so any host carries on where another
/// stopped. Each call is one round trip (a script where the contract asks for atomicity), except the first
/// save of an alert (store, then publish to the alert stream) and a claim over several deadline shards (peek,
/// then claim).
/// Times are compared in whole milliseconds, rounded so that nothing fires or expires early.
/// </summary>
public sealed class RedisStateStore : IStateStore
{
    private readonly IDatabase _db;
    private readonly IConnectionMultiplexer _redis;
    private readonly RedisStoreOptions _options;
    private readonly RedisKeys _keys;
    private readonly RedisDeadlines _deadlines;

    /// <param name="redis">The process's shared multiplexer.</param>
    /// <exception cref="ValidationException">The options are invalid.</exception>
    public RedisStateStore(IConnectionMultiplexer redis, RedisStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        _options = options ?? new RedisStoreOptions();
        Validator.ValidateObject(_options, new ValidationContext(_options), validateAllProperties: true);
        _redis = redis;
        _db = redis.GetDatabase(_options.Database);
        _keys = new RedisKeys(_options.KeyPrefix, _options.DeadlineShards);
        _deadlines = new RedisDeadlines(_db, _keys);
    }

    /// <summary>The connection and options, for the settings history kept beside this state.</summary>
    internal (IConnectionMultiplexer Redis, RedisStoreOptions Options) Backend => (_redis, _options);

    public async ValueTask MarkEventProcessedAsync(InteractionEvent e, TimeSpan horizon, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        await _db.StringSetAsync(
            _keys.ProcessedEvent(e.InteractionId, e.EventId), MsNotBefore(e.OccurredAt + horizon), TimeSpan.FromMilliseconds(Ttl(horizon)));
    }

    public async ValueTask<IReadOnlyList<string>> RecordInquiryAsync(
        string customerId, string topic, string eventId, DateTimeOffset at, TimeSpan window, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        var ids = await _db.ScriptEvaluateAsync(
            RedisScripts.RecordInquiry, [_keys.Inquiries(customerId, topic)], [Ms(at), eventId, Ms(at - window), Ttl(window)]);
        return (string[])ids!;
    }

    public async ValueTask<InteractionState?> TrackInteractionAsync(InteractionEvent e, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        RedisValue[] args = [e.CustomerId, Ticks(e.OccurredAt), Ttl(_options.InteractionRetention), Ms(e.OccurredAt), .. ContextFields(e)];
        var hash = await _db.ScriptEvaluateAsync(
            RedisScripts.TrackInteraction, [_keys.Interaction(e.InteractionId), _keys.ProcessedEvent(e.InteractionId, e.EventId)], args);
        if (hash.IsNull)
            return null;
        var items = (string[])hash!;
        var pairs = Enumerable.Range(0, items.Length / 2).Select(i => (items[2 * i], items[2 * i + 1])).ToList();
        return ReadInteraction(e.InteractionId, pairs);
    }

    public async ValueTask<InteractionState?> GetInteractionAsync(string interactionId, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        var hash = await _db.HashGetAllAsync(_keys.Interaction(interactionId));
        return ReadInteraction(interactionId, hash.Select(h => ((string)h.Name!, (string)h.Value!)).ToList());
    }

    public async ValueTask<IReadOnlySet<string>> RecordSignalAsync(string interactionId, string signalKind, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        var kinds = await _db.ScriptEvaluateAsync(
            RedisScripts.RecordSignal, [_keys.Signals(interactionId)], [signalKind, Ttl(_options.InteractionRetention)]);
        return ((string[])kinds!).ToHashSet(StringComparer.Ordinal);
    }

    public async ValueTask<Dissatisfaction.Conversation> GetConversationAsync(string interactionId, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        var bytes = (byte[]?)await _db.StringGetAsync(_keys.Conversation(interactionId));
        if (bytes is null)
            return default;
        using var reader = new BinaryReader(new MemoryStream(bytes));
        return Dissatisfaction.ConversationBytes.Read(reader);
    }

    public async ValueTask SaveConversationAsync(string interactionId, Dissatisfaction.Conversation conversation, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
            Dissatisfaction.ConversationBytes.Write(writer, conversation);
        await _db.StringSetAsync(_keys.Conversation(interactionId), buffer.ToArray(), _options.InteractionRetention);
    }

    public async ValueTask ForgetInteractionAsync(string interactionId, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        // Sent together without waiting in between: one pipelined round trip, over the slots involved.
        var state = _db.KeyDeleteAsync([_keys.Interaction(interactionId), _keys.Signals(interactionId), _keys.Conversation(interactionId)]);
        var deadlines = Enum.GetValues<DeadlineKind>().Select(kind => _deadlines.CancelAsync(Deadline.KeyOf(kind, interactionId))).ToList();
        await Task.WhenAll([state, .. deadlines]);
    }

    public async ValueTask<bool> ScheduleDeadlineAsync(Deadline deadline, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        return await _deadlines.ScheduleAsync(deadline);
    }

    public async ValueTask<bool> CancelDeadlineAsync(string key, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        return await _deadlines.CancelAsync(key);
    }

    public async ValueTask<IReadOnlyList<Deadline>> ClaimDueDeadlinesAsync(DateTimeOffset now, int max, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        return await _deadlines.ClaimDueAsync(now, max);
    }

    public async ValueTask<DateTimeOffset?> NextDeadlineAsync(CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        return await _deadlines.NextDueAsync();
    }

    public async ValueTask<bool> TryStartCooldownAsync(
        string key, string owner, DateTimeOffset now, TimeSpan cooldown, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        var started = await _db.ScriptEvaluateAsync(
            RedisScripts.StartCooldown, [_keys.Cooldown(key)], [Ms(now), MsNotBefore(now + cooldown), Ttl(cooldown), owner]);
        return (long)started == 1;
    }

    public async ValueTask SaveAlertAsync(Alert alert, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        var json = JsonSerializer.Serialize(alert, EngineJson.Default.Alert);
        var key = _keys.Alert(alert.AlertId);
        var unpublished = await _db.ScriptEvaluateAsync(RedisScripts.SaveAlert, [key], [json, Ttl(_options.AlertRetention)]);
        if ((long)unpublished == 0)
            return;
        // The stream is in another Cluster slot, so publishing is a second call, itself idempotent: a host dying
        // in between leaves the alert to the next save of it, which appends it only if it never was.
        var entryId = await _db.ScriptEvaluateAsync(
            RedisScripts.PublishAlert,
            [_keys.Alerts, _keys.PublishedAlerts],
            [alert.AlertId, json, _options.AlertStreamMaxLength, Ms(alert.RaisedAt), Ttl(_options.AlertRetention)]);
        // Commands leave in order, so the mark is in place before any later call of this store runs.
        _ = _db.HashSetAsync(key, AlertFields.Published, entryId.IsNull ? "already" : (string)entryId!, flags: CommandFlags.FireAndForget);
    }

    public async ValueTask<Alert?> GetAlertAsync(string alertId, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        var json = await _db.HashGetAsync(_keys.Alert(alertId), AlertFields.Json);
        return json.IsNull ? null : JsonSerializer.Deserialize((string)json!, EngineJson.Default.Alert);
    }

    public async ValueTask DeadLetterAsync(Rejection rejection, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        var json = JsonSerializer.Serialize(rejection, EngineJson.Default.Rejection);
        await _db.StreamAddAsync(
            _keys.DeadLetters, StreamFields.Rejection, json,
            maxLength: _options.DeadLetterMaxLength, useApproximateMaxLength: true);
    }

    public async ValueTask<IReadOnlyList<Rejection>> RecentDeadLettersAsync(int max, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        if (max <= 0)
            return [];
        var entries = await _db.StreamRangeAsync(_keys.DeadLetters, "-", "+", max, Order.Descending);
        return entries
            .Select(entry => JsonSerializer.Deserialize((string)entry[StreamFields.Rejection]!, EngineJson.Default.Rejection)!)
            .ToList();
    }
}
