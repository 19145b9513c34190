using System.Collections.Concurrent;
using System.Reactive.Concurrency;
using System.Reactive.Subjects;
using Microsoft.Extensions.Options;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Intake;
using RiskTriggers.Engine.Pipeline;
using RiskTriggers.Engine.Processing;
using RiskTriggers.Engine.State.Redis;
using StackExchange.Redis;

namespace RiskTriggers.Host.Streams;

/// <summary>
/// This host as one consumer of the group on the ingestion streams <c>rt:events:N</c>: reads entries
/// (XREADGROUP), pushes their events through the one pipeline (which also fires due deadlines) and
/// acknowledges an entry (XACK) only after its step came out without failure, so its effects are stored.
/// <list type="bullet">
/// <item>A failed step is not acknowledged. New entries wait until everything in flight is out of the pipeline;
/// then this consumer reads its own pending entries again from the start, in stream order, and retries them.</item>
/// <item>Entries idle longer than <see cref="RedisOptions.ClaimIdleTime"/> at any consumer (one that died) are
/// taken over with XAUTOCLAIM.</item>
/// <item>Entries the <see cref="EventIntake"/> refuses go to the dead-letter stream with the reason, and are then acknowledged;
/// so are events that failed <see cref="RedisOptions.MaxAttempts"/> times for a reason other than Redis.</item>
/// <item>At most <see cref="RedisOptions.MaxInFlight"/> entries are held read but not acknowledged.</item>
/// </list>
/// </summary>
internal sealed partial class EventStreamConsumer : BackgroundService
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(2);

    private readonly IConnectionMultiplexer _redis;
    private readonly RiskEngine _engine;
    private readonly IScheduler _scheduler;
    private readonly RedisOptions _options;
    private readonly RedisReadiness _readiness;
    private readonly TimeProvider _time;
    private readonly EventIntake _intake;
    private readonly ILogger<EventStreamConsumer> _logger;
    private readonly IDatabase _db;
    private readonly RedisKeys _keys;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentDictionary<InteractionEvent, StreamEntryRef> _inFlight = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<StreamEntryRef, byte> _inFlightEntries = new();
    private readonly ConcurrentQueue<(StreamEntryRef Entry, bool HeldSlot)> _toAck = new();
    private readonly ConcurrentDictionary<StreamEntryRef, (int Count, string Reason)> _failures = new();
    private readonly string[] _reclaimCursors;
    private int _nextShard;
    private bool _groupsReady;
    private DateTimeOffset _nextReclaim = DateTimeOffset.MinValue;

    // Starts true: a host restarted under the same consumer name first finishes what it left pending.
    private volatile bool _retryOwnPending = true;

    public EventStreamConsumer(
        IConnectionMultiplexer redis, RiskEngine engine, IScheduler scheduler, IOptions<RedisOptions> options,
        RedisReadiness readiness, TimeProvider time, IOptions<IntakeOptions> intake, IntakeCounters counters,
        ILogger<EventStreamConsumer> logger)
    {
        _redis = redis;
        _engine = engine;
        _scheduler = scheduler;
        _options = options.Value;
        _readiness = readiness;
        _time = time;
        // No event-id dedup here: an entry retried after a failed step carries an id already seen, and must be
        // processed again; the engine's store dedups per interaction, so a redelivery has its effects once.
        _intake = new EventIntake(intake.Value, IntakeClock.Live(time), engine.Store, counters: counters);
        _logger = logger;
        _db = redis.GetDatabase();
        _keys = _options.Keys();
        _slots = new SemaphoreSlim(_options.MaxInFlight, _options.MaxInFlight);
        _reclaimCursors = Enumerable.Repeat("0-0", _options.Shards).ToArray();
    }

    /// <summary>Entries read but not yet acknowledged (in the pipeline or waiting for XACK).</summary>
    public int InFlight => _options.MaxInFlight - _slots.CurrentCount;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _redis.ConnectionFailed += OnConnectionFailed;
        using var events = new Subject<InteractionEvent>();
        using (events.Process(_engine, _scheduler, PipelineOptions.Live).Subscribe(OnStep))
        {
            LogStarted(_options.ConsumerName, _options.ConsumerGroup, _keys.Events(0).ToString(), _options.Shards);
            var backoff = TimeSpan.FromMilliseconds(100);
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var taken = await PollOnceAsync(events);
                    _readiness.Ready();
                    backoff = TimeSpan.FromMilliseconds(100);
                    if (taken == 0)
                        await Task.Delay(_options.IdlePollInterval, _time, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    // A read may have been delivered with its reply lost: those entries are ours and pending.
                    _retryOwnPending = true;
                    if (ex is RedisServerException { Message: var message } && message.StartsWith("NOGROUP", StringComparison.Ordinal))
                        _groupsReady = false;
                    _readiness.NotReady(ex.Message);
                    LogPollFailed(ex);
                    await DelayQuietlyAsync(backoff, stoppingToken);
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
                }
            }
            await DrainAsync();
        }
        _redis.ConnectionFailed -= OnConnectionFailed;
        LogStopped(_options.ConsumerName, InFlight);
    }

    /// <summary>One round: acknowledge what is done, then take entries (own pending, idle ones, or new ones).</summary>
    private async Task<int> PollOnceAsync(IObserver<InteractionEvent> events)
    {
        if (!_groupsReady)
        {
            await EnsureGroupsAsync();
            _groupsReady = true;
        }
        await FlushAcksAsync();
        if (_retryOwnPending)
            return await RetryOwnPendingAsync(events);

        var taken = 0;
        var now = _time.GetUtcNow();
        if (now >= _nextReclaim)
        {
            taken += await ReclaimIdleAsync(events);
            _nextReclaim = now + ReclaimEvery;
        }
        return taken + await ReadNewAsync(events);
    }

    private TimeSpan ReclaimEvery => TimeSpan.FromTicks(Math.Max(_options.ClaimIdleTime.Ticks / 2, TimeSpan.TicksPerMillisecond * 100));

    /// <summary>Creates the group on every stream (from the start, so entries published before any host ran count).</summary>
    private async Task EnsureGroupsAsync()
    {
        for (var shard = 0; shard < _options.Shards; shard++)
        {
            try
            {
                await _db.StreamCreateConsumerGroupAsync(_keys.Events(shard), _options.ConsumerGroup, StreamPosition.Beginning, createStream: true);
            }
            catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
            {
                // Another host, or an earlier run, created it.
            }
        }
    }

    /// <summary>
    /// After a failure: once nothing is in flight, reads this consumer's pending entries from the start of each
    /// stream and pushes them again, in order. Done when none are left.
    /// </summary>
    private async Task<int> RetryOwnPendingAsync(IObserver<InteractionEvent> events)
    {
        if (!_inFlight.IsEmpty)
            return 0;
        var returned = 0;
        var taken = 0;
        for (var shard = 0; shard < _options.Shards; shard++)
        {
            var budget = _slots.CurrentCount;
            if (budget == 0)
                break;
            var entries = await _db.StreamReadGroupAsync(_keys.Events(shard), _options.ConsumerGroup, _options.ConsumerName, "0", budget);
            returned += entries.Length;
            foreach (var entry in entries)
                taken += await TakeAsync(events, shard, entry) ? 1 : 0;
        }
        if (returned == 0)
            _retryOwnPending = false;
        if (returned > 0)
            LogRetryingPending(returned);
        return Math.Max(taken, returned);
    }

    /// <summary>Takes over entries idle at any consumer for longer than the claim idle time (XAUTOCLAIM).</summary>
    private async Task<int> ReclaimIdleAsync(IObserver<InteractionEvent> events)
    {
        var taken = 0;
        for (var shard = 0; shard < _options.Shards; shard++)
        {
            var budget = Math.Min(_slots.CurrentCount, _options.BatchSize);
            if (budget == 0)
                break;
            var claimed = await _db.StreamAutoClaimAsync(
                _keys.Events(shard), _options.ConsumerGroup, _options.ConsumerName,
                (long)_options.ClaimIdleTime.TotalMilliseconds, _reclaimCursors[shard], budget);
            _reclaimCursors[shard] = claimed.NextStartId.IsNullOrEmpty ? "0-0" : (string)claimed.NextStartId!;
            foreach (var deleted in claimed.DeletedIds)
                _toAck.Enqueue((new StreamEntryRef(shard, (string)deleted!), false));
            if (claimed.ClaimedEntries.Length > 0)
                LogReclaimed(claimed.ClaimedEntries.Length, _keys.Events(shard).ToString());
            foreach (var entry in claimed.ClaimedEntries)
                taken += await TakeAsync(events, shard, entry) ? 1 : 0;
        }
        return taken;
    }

    /// <summary>Reads new entries, the free slots spread over the shards (a rotating first shard gets the remainder).</summary>
    private async Task<int> ReadNewAsync(IObserver<InteractionEvent> events)
    {
        var free = _slots.CurrentCount;
        if (free == 0)
            return 0;
        var shards = _options.Shards;
        var start = _nextShard;
        _nextShard = (_nextShard + 1) % shards;
        var reads = new List<(int Shard, Task<StreamEntry[]> Entries)>(shards);
        for (var i = 0; i < shards; i++)
        {
            var count = Math.Min(_options.BatchSize, free / shards + (i < free % shards ? 1 : 0));
            if (count == 0)
                continue;
            var shard = (start + i) % shards;
            reads.Add((shard, _db.StreamReadGroupAsync(_keys.Events(shard), _options.ConsumerGroup, _options.ConsumerName, null, count)));
        }
        await Task.WhenAll(reads.Select(r => r.Entries));
        var taken = 0;
        foreach (var (shard, entries) in reads)
        {
            foreach (var entry in entries.Result)
                taken += await TakeAsync(events, shard, entry) ? 1 : 0;
        }
        return taken;
    }

    /// <summary>Pushes an entry's event into the pipeline, or dead-letters it; false if it is already in flight here.</summary>
    private async Task<bool> TakeAsync(IObserver<InteractionEvent> events, int shard, StreamEntry entry)
    {
        var at = new StreamEntryRef(shard, (string)entry.Id!);
        if (_inFlightEntries.ContainsKey(at))
            return false;
        var json = entry.IsNull ? RedisValue.Null : entry[StreamFields.Event];
        if (entry.IsNull || entry.Values.Length == 0)
        {
            // Trimmed from the stream while pending: nothing left to process.
            _toAck.Enqueue((at, false));
            return true;
        }
        if (json.IsNull)
        {
            await RefuseAsync(at, Describe(entry), $"stream entry has no '{StreamFields.Event}' field");
            return true;
        }
        if (_failures.TryGetValue(at, out var failed) && failed.Count >= _options.MaxAttempts)
        {
            await RefuseAsync(at, json!, $"processing failed {failed.Count} times: {failed.Reason}");
            _failures.TryRemove(at, out _);
            return true;
        }
        var taken = await _intake.TakeAsync(json!, Source(at), 0);
        if (taken.Rejection is { } rejection)
        {
            DeadLettered(at, rejection);
            return true;
        }
        var e = taken.Event!;
        if (!_slots.Wait(0))
            throw new InvalidOperationException("more entries read than free slots");
        _inFlightEntries[at] = 0;
        _inFlight[e] = at;
        events.OnNext(e);
        return true;
    }

    private string Source(StreamEntryRef at) => $"{_keys.Events(at.Shard)} {at.Id}";

    private async Task RefuseAsync(StreamEntryRef at, string raw, string reason) =>
        DeadLettered(at, await _intake.RefuseAsync(raw, Source(at), 0, [new FieldError("$", reason)]));

    private void DeadLettered(StreamEntryRef at, Rejection rejection)
    {
        _toAck.Enqueue((at, false));
        LogDeadLettered(at.Id, _keys.Events(at.Shard).ToString(), rejection.Reason);
    }

    private void OnStep(EngineStep step)
    {
        if (step.Event is not { } e)
        {
            if (step.Failure is { } deadlineFailure)
                LogDeadlinesFailed(deadlineFailure.Message);
            LogAlerts(step);
            return;
        }
        if (!_inFlight.TryRemove(e, out var at))
            return;
        if (step.Failure is { } failure)
        {
            if (!TransientFailures.IsTransient(failure))
                _failures.AddOrUpdate(at, (1, failure.Message), (_, f) => (f.Count + 1, failure.Message));
            else
                _readiness.NotReady(failure.Message);
            _retryOwnPending = true;
            _inFlightEntries.TryRemove(at, out _);
            _slots.Release();
            LogStepFailed(e.EventId, at.Id, failure.Message);
            return;
        }
        _failures.TryRemove(at, out _);
        _inFlightEntries.TryRemove(at, out _);
        _toAck.Enqueue((at, true));
        if (step.Duplicate)
            LogDuplicate(e.EventId, at.Id);
        else
            LogProcessed(e.EventId, at.Id, step.Signals.Count, step.Alerts.Count);
        LogAlerts(step);
    }

    private void LogAlerts(EngineStep step)
    {
        foreach (var alert in step.Alerts)
            LogAlert(alert.AlertId, alert.Rule, alert.Priority.ToString(), alert.InteractionId);
    }

    /// <summary>
    /// Acknowledges the entries whose steps are done, one XACK per stream. If that fails they stay pending and
    /// come back through the own-pending read as duplicates, which are acknowledged then.
    /// </summary>
    private async Task FlushAcksAsync()
    {
        var done = new List<(StreamEntryRef Entry, bool HeldSlot)>();
        while (_toAck.TryDequeue(out var item))
            done.Add(item);
        if (done.Count == 0)
            return;
        try
        {
            await Task.WhenAll(done.GroupBy(d => d.Entry.Shard).Select(shard => _db.StreamAcknowledgeAsync(
                _keys.Events(shard.Key), _options.ConsumerGroup, shard.Select(d => (RedisValue)d.Entry.Id).ToArray())));
        }
        catch
        {
            _retryOwnPending = true;
            throw;
        }
        finally
        {
            var held = done.Count(d => d.HeldSlot);
            if (held > 0)
                _slots.Release(held);
        }
    }

    /// <summary>On stop: reads nothing more, lets what is in the pipeline finish (bounded), acknowledges it.</summary>
    private async Task DrainAsync()
    {
        var deadline = _time.GetUtcNow() + DrainTimeout;
        while (!_inFlight.IsEmpty && _time.GetUtcNow() < deadline)
            await Task.Delay(TimeSpan.FromMilliseconds(20), _time);
        try
        {
            await FlushAcksAsync();
        }
        catch (Exception ex) when (TransientFailures.IsTransient(ex) || ex is RedisException)
        {
            LogPollFailed(ex); // left pending: another host (or this one, restarted) takes them over
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs args) =>
        _readiness.NotReady($"{args.FailureType} on {args.EndPoint}");

    private async Task DelayQuietlyAsync(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, _time, ct);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static string Describe(StreamEntry entry) =>
        string.Join(" ", entry.Values.Select(v => $"{v.Name}={v.Value}"));

    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Consumer {Consumer} of group {Group} reading {FirstStream} and the other streams of {Shards} shards")]
    private partial void LogStarted(string consumer, string group, string firstStream, int shards);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Consumer {Consumer} stopped; {InFlight} entries left unacknowledged")]
    private partial void LogStopped(string consumer, int inFlight);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Processed {EventId} (entry {EntryId}): {Signals} signals, {Alerts} alerts")]
    private partial void LogProcessed(string eventId, string entryId, int signals, int alerts);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "Duplicate {EventId} (entry {EntryId}) acknowledged")]
    private partial void LogDuplicate(string eventId, string entryId);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Alert {AlertId} {Rule} {Priority} for {InteractionId}")]
    private partial void LogAlert(string alertId, string rule, string priority, string interactionId);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Step for {EventId} (entry {EntryId}) failed, not acknowledged: {Reason}")]
    private partial void LogStepFailed(string eventId, string entryId, string reason);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Firing due deadlines failed (retried at the next wake-up): {Reason}")]
    private partial void LogDeadlinesFailed(string reason);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Entry {EntryId} of {Stream} dead-lettered: {Reason}")]
    private partial void LogDeadLettered(string entryId, string stream, string reason);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "Took over {Count} idle entries of {Stream}")]
    private partial void LogReclaimed(int count, string stream);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Retrying {Count} entries this consumer left pending")]
    private partial void LogRetryingPending(int count);

    [LoggerMessage(EventId = 11, Level = LogLevel.Debug, Message = "Reading the streams failed")]
    private partial void LogPollFailed(Exception ex);
}
