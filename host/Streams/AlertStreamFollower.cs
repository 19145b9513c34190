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
/// its own: it puts each alert into the one alert book, and the host that adds it first delivers it everywhere (SignalR
/// through the backplane, webhooks: once cluster-wide); every other host hands it to its own SSE clients only. A
/// shared cursor, only ever moved forward, is where a host starts: everything before it is in the book already, so a
/// restarted cluster carries on where it stopped; reading a batch twice is harmless, since an alert is added once.
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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
            return;
        var db = services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var lifecycle = services.GetRequiredService<AlertLifecycle>();
        var book = services.GetRequiredService<IAlertBook>();
        var feed = services.GetRequiredService<AlertFeed>();
        var alerts = new PartitionKeys(options.Value.KeyPrefix, 0).Alerts;
        RedisKey shared = $"{options.Value.KeyPrefix}{{book}}:followed";
        string? cursor = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var more = false;
            try
            {
                cursor ??= (string?)await db.StringGetAsync(shared) ?? "-";
                var entries = await db.StreamRangeAsync(alerts, cursor, "+", BatchSize);
                foreach (var entry in entries)
                {
                    if (JsonSerializer.Deserialize((string)entry[StreamFields.Alert]!, EngineJson.Default.Alert) is not { } alert)
                        continue;
                    // Added by this host: delivered by the lifecycle. Already kept: another host added it; SSE here only.
                    if (await lifecycle.RaiseAsync(alert, stoppingToken) is null && await book.GetAsync(alert.AlertId, stoppingToken) is { } kept)
                        feed.Publish(AlertNotice.Raised, kept, madeHere: false);
                }
                if (entries.Length > 0)
                {
                    var last = (string)entries[^1].Id!;
                    cursor = "(" + last;
                    await db.ScriptEvaluateAsync(ForwardScript, [shared], [last]);
                }
                more = entries.Length == BatchSize;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFollowFailed(ex.Message); // read again from this host's cursor
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

    [LoggerMessage(EventId = 320, Level = LogLevel.Warning, Message = "Following the alert stream failed, retrying: {Reason}")]
    private partial void LogFollowFailed(string reason);
}
