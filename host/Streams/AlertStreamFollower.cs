using System.Text.Json;
using Microsoft.Extensions.Options;
using RiskTriggers.Engine;
using RiskTriggers.Engine.State.Redis;
using RiskTriggers.Host.Alerts;
using RiskTriggers.Host.Delivery;
using StackExchange.Redis;

namespace RiskTriggers.Host.Streams;

/// <summary>
/// With Redis, every host follows all of <c>rt:alerts</c> (which the partition owners append to), each with a cursor of
/// its own, and puts each alert into the one alert book; reading a batch twice is harmless, since an alert is added once.
/// A shared cursor, only ever moved forward, is where a host starts: everything before it is in the book already, so a
/// restarted cluster carries on where it stopped. <c>rt:escalations</c> is followed from a shared cursor into the book.
/// Delivery does not come from those streams but from the book's own change stream, which every host follows from
/// where it stood when the host started into its feed (SSE here; SignalR and webhooks see which host made a change):
/// one entry per change, in the book's order, and the cursor moves past each entry as it is handed on, so a failure
/// mid-batch hands on nothing twice.
/// </summary>
internal sealed partial class AlertStreamFollower(
    IOptions<RedisOptions> options, IServiceProvider services, ILogger<AlertStreamFollower> logger) : BackgroundService
{
    private const int BatchSize = 100;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    // KEYS: the shared cursor. ARGV: an entry id (ms-seq). Sets the cursor to after it unless it is already further.
    private const string ForwardScript = """
        local function parse(id) local ms, seq = string.match(id, '(%d+)-(%d+)') return tonumber(ms), tonumber(seq) end
        local current = redis.call('GET', KEYS[1])
        if current then
          local cms, cseq = parse(current)
          local nms, nseq = parse(ARGV[1])
          if cms > nms or (cms == nms and cseq >= nseq) then return 0 end
        end
        redis.call('SET', KEYS[1], '(' .. ARGV[1])
        return 1
        """;

    private string? _cursor;
    private string? _changesCursor;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
            return;
        var db = services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var lifecycle = services.GetRequiredService<AlertLifecycle>();
        var book = services.GetRequiredService<IAlertBook>() as RedisAlertBook
            ?? throw new InvalidOperationException("with Redis the alert book is the Redis one");
        var feed = services.GetRequiredService<AlertFeed>();
        var bookKeys = new RedisAlertBookKeys(options.Value.KeyPrefix);
        var keys = new PartitionKeys(options.Value.KeyPrefix, 0);
        var prefix = options.Value.KeyPrefix;
        while (!stoppingToken.IsCancellationRequested)
        {
            var more = false;
            try
            {
                _changesCursor ??= await AfterNewestAsync(db, bookKeys.Changes);
                // Escalations are read before the alerts and applied after them, once the alerts are caught up: an
                // escalation seen then was committed with or after its alert, so the alert is in the book by then.
                RedisKey escalationsCursor = $"{prefix}{{book}}:followed-escalations";
                var escalations = await db.StreamRangeAsync(keys.Escalations, (string?)await db.StringGetAsync(escalationsCursor) ?? "-", "+", BatchSize);
                more = await FollowAlertsAsync(db, keys.Alerts, $"{prefix}{{book}}:followed", lifecycle, stoppingToken);
                if (!more && escalations.Length > 0)
                {
                    foreach (var entry in escalations)
                        await EscalateAsync(lifecycle, entry, stoppingToken);
                    await db.StringSetAsync(escalationsCursor, "(" + escalations[^1].Id);
                    more = escalations.Length == BatchSize;
                }
                more |= await FollowChangesAsync(db, bookKeys.Changes, book, feed);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFollowFailed(ex.Message); // read again from the cursors
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

    /// <summary>The next batch of alerts from this host's cursor; true when there may be more.</summary>
    private async Task<bool> FollowAlertsAsync(IDatabase db, RedisKey stream, RedisKey shared, AlertLifecycle lifecycle, CancellationToken ct)
    {
        _cursor ??= (string?)await db.StringGetAsync(shared) ?? "-";
        var entries = await db.StreamRangeAsync(stream, _cursor, "+", BatchSize);
        foreach (var entry in entries)
            await RaiseAsync(lifecycle, entry, ct);
        if (entries.Length > 0)
        {
            var last = (string)entries[^1].Id!;
            _cursor = "(" + last;
            await db.ScriptEvaluateAsync(ForwardScript, [shared], [last]);
        }
        return entries.Length == BatchSize;
    }

    /// <summary>Into the book, unless another host put it there first (the book's change stream then delivers it).</summary>
    private static async Task RaiseAsync(AlertLifecycle lifecycle, StreamEntry entry, CancellationToken ct)
    {
        if (JsonSerializer.Deserialize((string)entry[StreamFields.Alert]!, EngineJson.Default.Alert) is { } alert)
            await lifecycle.RaiseAsync(alert, ct);
    }

    /// <summary>
    /// The next batch of the book's changes into this host's feed; true when there may be more. A host starts after the
    /// last change made before it started (its clients connect later); the cursor moves per entry handed on.
    /// </summary>
    private async Task<bool> FollowChangesAsync(IDatabase db, RedisKey changes, RedisAlertBook book, AlertFeed feed)
    {
        var entries = await db.StreamRangeAsync(changes, _changesCursor, "+", BatchSize);
        foreach (var entry in entries)
        {
            if (RedisAlertBook.ReadChange(entry) is { } change)
                feed.Publish(change.Change, change.Record, madeHere: change.Host == book.Host);
            else
                LogUnreadableChange(entry.Id!); // skipped: retrying cannot make it readable, and it would hold up the rest
            _changesCursor = "(" + entry.Id;
        }
        return entries.Length == BatchSize;
    }

    /// <summary>An owner's ack-timeout deadline ran out: the book escalates the alert unless it was answered (once, whichever host is first).</summary>
    private static async Task EscalateAsync(AlertLifecycle lifecycle, StreamEntry entry, CancellationToken ct)
    {
        var at = DateTimeOffset.Parse((string)entry[StreamFields.EscalatedAt]!, System.Globalization.CultureInfo.InvariantCulture);
        await lifecycle.EscalateAsync((string)entry[StreamFields.AlertId]!, at, ct);
    }

    private static async Task<string> AfterNewestAsync(IDatabase db, RedisKey stream) =>
        await db.StreamRangeAsync(stream, "-", "+", 1, Order.Descending) is [var newest] ? "(" + newest.Id : "-";

    [LoggerMessage(EventId = 321, Level = LogLevel.Error, Message = "Change {EntryId} of the alert book's change stream is unreadable; skipped")]
    private partial void LogUnreadableChange(string entryId);

    [LoggerMessage(EventId = 320, Level = LogLevel.Warning, Message = "Following the alert stream failed, retrying: {Reason}")]
    private partial void LogFollowFailed(string reason);
}
