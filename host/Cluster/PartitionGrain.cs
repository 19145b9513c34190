using System.Text.Json;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using RiskTriggers.Engine;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Intake;
using RiskTriggers.Engine.State.DeadLetters;
using RiskTriggers.Engine.State.Redis;
using RiskTriggers.Host.Streams;
using StackExchange.Redis;

namespace RiskTriggers.Host.Cluster;

/// <summary>
/// Thin glue around <see cref="OwnedPartition"/>: on activation it claims the partition (a new epoch) and resumes from
/// the stored position; a grain timer reads the partition's stream in order, loads the customers a batch needs, runs
/// the batch on event time and commits its effects in one fenced write. Any failure — Redis gone, a write refused
/// because a newer owner exists — ends this activation, since its memory may be ahead of what is stored; the keeper
/// activates the partition again, which resumes from the last commit, so every effect happens exactly once.
/// </summary>
internal sealed partial class PartitionGrain(
    PartitionStore store,
    PartitionEngines engines,
    IDeadLetters deadLetters,
    IOptions<RedisOptions> redis,
    IOptions<IntakeOptions> intakeOptions,
    IntakeCounters counters,
    OwnerClock clock,
    ILogger<PartitionGrain> logger) : Grain, IPartitionGrain
{
    /// <summary>Batches read in one timer tick at most, so a backlog does not hold the grain for long.</summary>
    private const int MaxBatchesPerTick = 20;

    /// <summary>
    /// How often an owner stores a watermark that moved with nothing else to commit: idle, the watermark follows the
    /// wall clock and moves every tick (a commit each 50ms: 8 idle partitions made 715 Redis commands a second, 300
    /// with this). Safe to hold back: what fired is committed with the customers it changed, and a new owner
    /// starting from an older watermark only holds back events a little longer.
    /// </summary>
    private static readonly TimeSpan WatermarkEvery = TimeSpan.FromSeconds(1);

    private readonly RedisOptions _options = redis.Value;
    private readonly EventIntake _intake = new(intakeOptions.Value, IntakeClock.Live(clock.Time), deadLetters, counters: counters);
    private int _partition;
    private long _epoch;
    private OwnedPartition _owned = null!;
    private IGrainTimer? _timer;
    private DateTimeOffset _lastReadAt;
    private (string Cursor, DateTimeOffset Watermark) _committed;
    private DateTimeOffset _committedAt;
    private bool _stopped;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _partition = (int)this.GetPrimaryKeyLong();
        var claim = await store.ClaimAsync(_partition);
        _epoch = claim.Epoch;
        _owned = new OwnedPartition(engines.Create(_partition), _options.AllowedLateness, claim.Cursor, claim.Watermark);
        // As if it had just read: a stream that looks quiet may only be a publisher catching up after an outage.
        _lastReadAt = clock.Time.GetUtcNow();
        _committed = (claim.Cursor, claim.Watermark);
        _timer = this.RegisterGrainTimer(PumpAsync, new GrainTimerCreationOptions(TimeSpan.Zero, _options.IdlePollInterval) { KeepAlive = true });
        LogOwned(_partition, _epoch, claim.Cursor);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    public Task<PartitionStatus> Own() => Task.FromResult(new PartitionStatus(
        _partition, _stopped ? -1 : _epoch, _committed.Cursor, _committed.Watermark, _owned.Partition.Customers, _owned.Held,
        RuntimeIdentity, _owned.ReadCursor));

    public async Task<bool> Acknowledge(string customerId, string alertId)
    {
        if (_stopped)
            return false;
        try
        {
            if (!_owned.Partition.Holds(customerId))
                await LoadAsync([customerId]);
            var stopped = _owned.Partition.Acknowledge(customerId, alertId);
            await CommitAsync();
            return stopped;
        }
        catch (Exception ex)
        {
            LogFailed(_partition, _epoch, ex);
            Stop();
            throw;
        }
    }

    private async Task PumpAsync(CancellationToken ct)
    {
        if (_stopped)
            return;
        try
        {
            for (var batch = 0; batch < MaxBatchesPerTick && !_stopped; batch++)
            {
                if (!await RunBatchAsync())
                    break;
            }
        }
        catch (Exception ex)
        {
            LogFailed(_partition, _epoch, ex);
            Stop();
        }
    }

    /// <summary>One batch: read, load, run, commit. True when the stream may have more to read now.</summary>
    private async Task<bool> RunBatchAsync()
    {
        var entries = await store.ReadAsync(_partition, _owned.ReadCursor, _options.BatchSize);
        var now = clock.Time.GetUtcNow();
        var needed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var id = EntryId.Parse((string)entry.Id!);
            var json = entry[StreamFields.Event];
            var taken = json.IsNull
                ? null
                : await _intake.TakeAsync((string)json!, $"{store.Keys(_partition).Events} {entry.Id}", 0);
            if (taken?.Event is not { } e)
            {
                if (json.IsNull)
                    await _intake.RefuseAsync(Describe(entry), $"{store.Keys(_partition).Events} {entry.Id}", 0,
                        [new FieldError("$", $"stream entry has no '{StreamFields.Event}' field")]);
                _owned.Skip(id);
                continue;
            }
            _owned.Take(e, id);
            if (!_owned.Partition.Holds(e.CustomerId))
                needed.Add(e.CustomerId);
        }
        if (entries.Length > 0)
            _lastReadAt = now;

        // Caught up and nothing new for the allowed lateness: event time follows the wall clock (an idle source).
        var caughtUp = entries.Length < _options.BatchSize;
        var target = caughtUp && now - _lastReadAt >= _options.AllowedLateness ? now : _owned.EventWatermark;
        if (target > _owned.Watermark)
        {
            foreach (var customer in await store.DueByAsync(_partition, target))
            {
                if (!_owned.Partition.Holds(customer))
                    needed.Add(customer);
            }
        }
        await LoadAsync(needed);
        _owned.Advance(target);
        await CommitAsync();
        return !caughtUp;
    }

    /// <summary>Takes over the stored state of customers this owner has not loaded yet (lazily, as their work comes).</summary>
    private async Task LoadAsync(HashSet<string> customers)
    {
        if (customers.Count == 0)
            return;
        foreach (var snapshot in await store.LoadAsync(_partition, [.. customers]))
        {
            if (snapshot is not null)
                _owned.Partition.Restore(snapshot);
        }
    }

    private async Task CommitAsync()
    {
        var partition = _owned.Partition;
        var customers = partition.TakeChanged().Select(id => new CustomerChange(id, partition.Snapshot(id), partition.NextDueOf(id))).ToArray();
        var alerts = _owned.TakeAlerts().Select(a => (a.AlertId, JsonSerializer.Serialize(a, EngineJson.Default.Alert))).ToArray();
        var escalations = _owned.TakeEscalations();
        var position = (_owned.Cursor, _owned.Watermark);
        var now = clock.Time.GetUtcNow();
        var onlyTime = customers.Length == 0 && alerts.Length == 0 && escalations.Count == 0 && position.Cursor == _committed.Cursor;
        if (onlyTime && (position.Watermark == _committed.Watermark || now - _committedAt < WatermarkEvery))
            return;
        if (!await store.CommitAsync(_partition, _epoch, new PartitionCommit(position.Cursor, position.Watermark, customers, alerts, escalations)))
        {
            LogFenced(_partition, _epoch);
            Stop();
            return;
        }
        _committed = position;
        _committedAt = now;
    }

    private void Stop()
    {
        _stopped = true;
        _timer?.Dispose();
        DeactivateOnIdle();
    }

    private static string Describe(StreamEntry entry) => string.Join(" ", entry.Values.Select(v => $"{v.Name}={v.Value}"));

    [LoggerMessage(EventId = 310, Level = LogLevel.Information, Message = "Partition {Partition} owned here, epoch {Epoch}, resuming at {Cursor}")]
    private partial void LogOwned(int partition, long epoch, string cursor);

    [LoggerMessage(EventId = 311, Level = LogLevel.Warning, Message = "Partition {Partition} epoch {Epoch}: a newer owner exists; this one stops")]
    private partial void LogFenced(int partition, long epoch);

    [LoggerMessage(EventId = 312, Level = LogLevel.Warning, Message = "Partition {Partition} epoch {Epoch} failed; it resumes from its last commit")]
    private partial void LogFailed(int partition, long epoch, Exception ex);
}
