using System.Text.Json;
using Microsoft.Extensions.Options;
using RiskTriggers.Engine;
using RiskTriggers.Engine.State.Redis;
using RiskTriggers.Host.Alerts;
using StackExchange.Redis;

namespace RiskTriggers.Host.Streams;

/// <summary>
/// With Redis, every host follows <c>rt:alerts</c> (which the partition owners append to) into the one alert book:
/// the first host to add an alert delivers it (SSE, SignalR, webhooks), the others find it kept already. A shared
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
        RedisKey cursorKey = $"{options.Value.KeyPrefix}{{book}}:followed";
        while (!stoppingToken.IsCancellationRequested)
        {
            var more = false;
            try
            {
                var cursor = (string?)await db.StringGetAsync(cursorKey) ?? "-";
                var entries = await db.StreamRangeAsync(keys.Alerts, cursor, "+", BatchSize);
                foreach (var entry in entries)
                    await ApplyAsync(lifecycle, entry, stoppingToken);
                if (entries.Length > 0)
                    await db.StringSetAsync(cursorKey, "(" + entries[^1].Id);
                more = entries.Length == BatchSize;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFollowFailed(ex.Message); // read again from the shared cursor
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

    /// <summary>An entry raises its alert, or (an <c>escalatedAt</c> entry, the owner's ack-timeout deadline) escalates it.</summary>
    private static async Task ApplyAsync(AlertLifecycle lifecycle, StreamEntry entry, CancellationToken ct)
    {
        if (entry[StreamFields.EscalatedAt] is { HasValue: true } escalatedAt)
        {
            var at = DateTimeOffset.Parse((string)escalatedAt!, System.Globalization.CultureInfo.InvariantCulture);
            await lifecycle.EscalateAsync((string)entry[StreamFields.AlertId]!, at, ct);
        }
        else if (JsonSerializer.Deserialize((string)entry[StreamFields.Alert]!, EngineJson.Default.Alert) is { } alert)
        {
            await lifecycle.RaiseAsync(alert, ct);
        }
    }

    [LoggerMessage(EventId = 320, Level = LogLevel.Warning, Message = "Following the alert stream failed, retrying: {Reason}")]
    private partial void LogFollowFailed(string reason);
}
