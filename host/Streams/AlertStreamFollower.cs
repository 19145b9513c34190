using System.Text.Json;
using Microsoft.Extensions.Options;
using RiskTriggers.Engine;
using RiskTriggers.Engine.State.Redis;
using RiskTriggers.Host.Alerts;
using StackExchange.Redis;

namespace RiskTriggers.Host.Streams;

/// <summary>
/// With Redis, every host follows <c>rt:alerts</c> and <c>rt:escalations</c> (which the partition owners append to)
/// into the one alert book: the first host to add (or escalate) an alert delivers it (SSE, SignalR, webhooks), the
/// others find it done already. A shared
/// cursor, moved on once a batch is in the book, lets a restarted cluster carry on where it stopped; reading a batch
/// twice is harmless, since an alert is added once.
/// </summary>
internal sealed partial class AlertStreamFollower(
    IOptions<RedisOptions> options, IServiceProvider services, ILogger<AlertStreamFollower> logger) : BackgroundService
{
    private const int BatchSize = 100;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
            return;
        var db = services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var lifecycle = services.GetRequiredService<AlertLifecycle>();
        var keys = new PartitionKeys(options.Value.KeyPrefix, 0);
        var prefix = options.Value.KeyPrefix;
        while (!stoppingToken.IsCancellationRequested)
        {
            var more = false;
            try
            {
                // Escalations are read before the alerts and applied after them, once the alerts are caught up: an
                // escalation seen then was committed with or after its alert, so the alert is in the book by then.
                RedisKey escalationsCursor = $"{prefix}{{book}}:followed-escalations";
                var escalations = await ReadAsync(db, keys.Escalations, escalationsCursor);
                more = await FollowAsync(db, keys.Alerts, $"{prefix}{{book}}:followed", entry => RaiseAsync(lifecycle, entry, stoppingToken));
                if (!more && escalations.Length > 0)
                {
                    foreach (var entry in escalations)
                        await EscalateAsync(lifecycle, entry, stoppingToken);
                    await db.StringSetAsync(escalationsCursor, "(" + escalations[^1].Id);
                    more = escalations.Length == BatchSize;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFollowFailed(ex.Message); // read again from the shared cursors
            }
            if (more)
                continue;
            try
            {
                await Task.Delay(Poll, stoppingToken); // real time: a poll, not the host's (possibly faked) clock
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Applies the stream's next batch from the shared cursor and moves it on; true when there may be more.</summary>
    private static async Task<bool> FollowAsync(IDatabase db, RedisKey stream, RedisKey cursorKey, Func<StreamEntry, Task> apply)
    {
        var entries = await ReadAsync(db, stream, cursorKey);
        foreach (var entry in entries)
            await apply(entry);
        if (entries.Length > 0)
            await db.StringSetAsync(cursorKey, "(" + entries[^1].Id);
        return entries.Length == BatchSize;
    }

    private static async Task<StreamEntry[]> ReadAsync(IDatabase db, RedisKey stream, RedisKey cursorKey) =>
        await db.StreamRangeAsync(stream, (string?)await db.StringGetAsync(cursorKey) ?? "-", "+", BatchSize);

    private static async Task RaiseAsync(AlertLifecycle lifecycle, StreamEntry entry, CancellationToken ct)
    {
        if (JsonSerializer.Deserialize((string)entry[StreamFields.Alert]!, EngineJson.Default.Alert) is { } alert)
            await lifecycle.RaiseAsync(alert, ct);
    }

    /// <summary>An owner's ack-timeout deadline ran out: the book escalates the alert unless it was answered (once, whichever host is first).</summary>
    private static async Task EscalateAsync(AlertLifecycle lifecycle, StreamEntry entry, CancellationToken ct)
    {
        var at = DateTimeOffset.Parse((string)entry[StreamFields.EscalatedAt]!, System.Globalization.CultureInfo.InvariantCulture);
        await lifecycle.EscalateAsync((string)entry[StreamFields.AlertId]!, at, ct);
    }

    [LoggerMessage(EventId = 320, Level = LogLevel.Warning, Message = "Following the alert stream failed, retrying: {Reason}")]
    private partial void LogFollowFailed(string reason);
}
