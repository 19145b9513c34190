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
/// An owner on another silo than its <see cref="PartitionPlacement"/> (placed before that silo joined) migrates there
/// between two batches: the new activation claims a newer epoch and resumes from the last commit the same way, and
/// takes over only the idle clock (what was read, and when), so a move neither restarts the wait for the lateness nor
/// lets a stream look idle sooner than it would have.
/// </summary>
[PartitionPlacement]
internal sealed partial class PartitionGrain(
    PartitionStore store,
    PartitionEngines engines,
    IDeadLetters deadLetters,
    IOptions<RedisOptions> redis,
    IOptions<IntakeOptions> intakeOptions,
    IntakeCounters counters,
    OwnerClock clock,
    IClusterMembershipService membership,
    ILocalSiloDetails silo,
    TimeProvider siloTime,
    ILogger<PartitionGrain> logger) : Grain, IPartitionGrain, IGrainMigrationParticipant
{
    /// <summary>
    /// How long one timer tick pumps a backlog at most (batch after batch until caught up), so the grain's calls
    /// (<see cref="Own"/>, <see cref="Acknowledge"/>) wait no longer than this behind it.
    /// </summary>
    private static readonly TimeSpan PumpFor = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How often an owner stores a watermark that moved with nothing else to commit: idle, the watermark follows the
    /// wall clock and moves every tick (a commit each 50ms: 8 idle partitions made 715 Redis commands a second, 300
    /// with this). Safe to hold back: what fired is committed with the customers it changed, and a new owner
    /// starting from an older watermark only holds back events a little longer.
    /// </summary>
    private static readonly TimeSpan WatermarkEvery = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long (real time) an owner must have been on the wrong silo before it moves: silos see a join at slightly
    /// different moments, and a partition should move once, not back and forth.
    /// </summary>
    private static readonly TimeSpan MisplacedFor = TimeSpan.FromSeconds(2);

    private const string IdleSinceKey = "idle-since";
    private const string LastReadKey = "last-read";

    private readonly RedisOptions _options = redis.Value;
    private readonly EventIntake _intake = new(intakeOptions.Value, IntakeClock.Live(clock.Time), deadLetters, counters: counters);
    private readonly List<Rejection> _refused = [];
    private readonly List<(StreamEntry Entry, EntryId Id)> _withoutEvent = [];
    private int _partition;
    private string _stream = "";
    private long _epoch;
    private OwnedPartition _owned = null!;
    private IGrainTimer? _timer;
    private DateTimeOffset _lastReadAt;
    private (string Cursor, DateTimeOffset Watermark) _committed;
    private DateTimeOffset _committedAt;
    private bool _stopped;
    private long? _misplacedSince;

    /// <summary>The last entry the previous owner had read, when it handed over: reading it again is not news.</summary>
    private EntryId? _readBefore;
    private DateTimeOffset? _idleSince;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _partition = (int)this.GetPrimaryKeyLong();
        _stream = store.Keys(_partition).Events.ToString();
        var claim = await store.ClaimAsync(_partition);
        _epoch = claim.Epoch;
        _owned = new OwnedPartition(engines.Create(_partition), _options.AllowedLateness, claim.Cursor, claim.Watermark);
        // As if it had just read: a stream that looks quiet may only be a publisher catching up after an outage. A
        // partition that moved here (no failure) goes on with its previous owner's idle clock instead.
        _lastReadAt = _idleSince ?? clock.Time.GetUtcNow();
        _committed = (claim.Cursor, claim.Watermark);
        _timer = this.RegisterGrainTimer(PumpAsync, new GrainTimerCreationOptions(TimeSpan.Zero, _options.IdlePollInterval) { KeepAlive = true });
        LogOwned(_partition, _epoch, claim.Cursor);
    }

    /// <summary>Moving (after <see cref="OnDeactivateAsync"/>, its timer stopped): the idle clock goes along.</summary>
    public void OnDehydrate(IDehydrationContext context)
    {
        context.TryAddValue(IdleSinceKey, _lastReadAt);
        if (_owned.LastRead is { } last)
            context.TryAddValue(LastReadKey, last.ToString());
    }

    /// <summary>Moved here (before <see cref="OnActivateAsync"/>).</summary>
    public void OnRehydrate(IRehydrationContext context)
    {
        if (context.TryGetValue(IdleSinceKey, out DateTimeOffset idleSince))
            _idleSince = idleSince;
        if (context.TryGetValue(LastReadKey, out string? last) && last is not null)
            _readBefore = EntryId.Parse(last);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    public Task<PartitionStatus> Own()
    {
        if (!_stopped && Misplaced() is { } home)
        {
            LogMoving(_partition, _epoch, home.ToString());
            _misplacedSince = null;
            MigrateOnIdle(); // once this call returns: between two batches, every effect so far committed
        }
        return Task.FromResult(new PartitionStatus(
            _partition, _stopped ? -1 : _epoch, _committed.Cursor, _committed.Watermark, _owned.Partition.Customers, _owned.Held,
            RuntimeIdentity, _owned.ReadCursor));
    }

    /// <summary>The silo this partition belongs on, once it has been another than this one for <see cref="MisplacedFor"/>.</summary>
    private SiloAddress? Misplaced()
    {
        var active = membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).ToArray();
        var home = active.Length == 0 ? silo.SiloAddress : PartitionPlacement.SiloOf(_partition, engines.Count, active);
        if (home.Equals(silo.SiloAddress))
        {
            _misplacedSince = null;
            return null;
        }
        _misplacedSince ??= siloTime.GetTimestamp();
        return siloTime.GetElapsedTime(_misplacedSince.Value) >= MisplacedFor ? home : null;
    }

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
            var started = clock.Time.GetTimestamp();
            while (!_stopped && await RunBatchAsync() && clock.Time.GetElapsedTime(started) < PumpFor)
            {
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
            if (Take(entry) is { } customer && !_owned.Partition.Holds(customer))
                needed.Add(customer);
        }
        await DeadLetterRefusedAsync();
        if (entries.Length > 0 && (_readBefore is not { } before || EntryId.Parse(entries[^1].Id).CompareTo(before) > 0))
            _lastReadAt = now;

        // Caught up and nothing new for the allowed lateness: event time follows the wall clock (an idle source).
        var caughtUp = entries.Length < _options.BatchSize;
        var target = caughtUp && now - _lastReadAt >= _options.AllowedLateness ? now : _owned.EventWatermark;
        await LoadAsync(needed, target > _owned.Watermark ? target : null);
        _owned.Advance(target);
        await CommitAsync();
        return !caughtUp;
    }

    /// <summary>
    /// Hands the entry's event, read from its UTF-8 bytes, to the partition (held until event time passes it); the
    /// event's customer, or null when the entry carries no usable event (refused, dead-lettered after the batch).
    /// </summary>
    private string? Take(StreamEntry entry)
    {
        var id = EntryId.Parse(entry.Id);
        var json = entry[StreamFields.Event];
        if (json.IsNull)
        {
            _withoutEvent.Add((entry, id));
            _owned.Skip(id);
            return null;
        }
        if (!_intake.TryAccept(((ReadOnlyMemory<byte>)json).Span, _stream, 0, out var e, out var other))
        {
            if (other?.Rejection is { } rejection)
                _refused.Add(rejection with { Source = Source(id) });
            _owned.Skip(id);
            return null;
        }
        _owned.Take(e!, id);
        return e!.CustomerId;
    }

    private string Source(EntryId id) => $"{_stream} {id}";

    private async Task DeadLetterRefusedAsync()
    {
        foreach (var rejection in _refused)
            await deadLetters.DeadLetterAsync(rejection);
        foreach (var (entry, id) in _withoutEvent)
            await _intake.RefuseAsync(Describe(entry), Source(id), 0, [new FieldError("$", $"stream entry has no '{StreamFields.Event}' field")]);
        _refused.Clear();
        _withoutEvent.Clear();
    }

    /// <summary>
    /// Takes over the stored state of customers this owner has not loaded yet (lazily, as their work comes): those
    /// the events need, and those with a timer due by <paramref name="dueBy"/>, asked for in the same round trip;
    /// the due ones still missing (stored by an earlier owner) follow in a second.
    /// </summary>
    private async Task LoadAsync(HashSet<string> customers, DateTimeOffset? dueBy = null)
    {
        var loading = store.LoadAsync(_partition, [.. customers]);
        var due = dueBy is { } until ? store.DueByAsync(_partition, until) : Task.FromResult<string[]>([]);
        Restore(await loading);
        var missing = (await due).Where(c => !_owned.Partition.Holds(c)).ToArray();
        if (missing.Length > 0)
            Restore(await store.LoadAsync(_partition, missing));
    }

    private void Restore(byte[]?[] snapshots)
    {
        foreach (var snapshot in snapshots)
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

    [LoggerMessage(EventId = 313, Level = LogLevel.Information, Message = "Partition {Partition} epoch {Epoch} moves to {Silo}, its place")]
    private partial void LogMoving(int partition, long epoch, string silo);

    [LoggerMessage(EventId = 312, Level = LogLevel.Warning, Message = "Partition {Partition} epoch {Epoch} failed; it resumes from its last commit")]
    private partial void LogFailed(int partition, long epoch, Exception ex);
}
