using System.CommandLine;
using System.Diagnostics;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.State.Redis;
using RiskTriggers.Host.Streams;
using RiskTriggers.Rules;

namespace RiskTriggers.Host.Cli;

/// <summary>
/// <c>redis-load</c>: the Redis-backed engine under load, for benchmarks/redis-load.sh. Generates a mix of
/// conversations and handles them with the default engine on the Redis store, in P partitions by interaction
/// (events of one interaction in order, partitions concurrently; P=1 is the worker's single pipeline).
/// Prints one line: events, seconds, events/s, and requests sent per event (commands or scripts, from the client).
/// </summary>
internal static class RedisLoadCommand
{
    private static readonly string[] Says =
    [
        "hello, my refund has not arrived", "where is my parcel", "this is ridiculous", "怎么回事，退款还没到账",
        "thanks", "I want to cancel my account", "ok", "我要投诉",
    ];

    public static Command Create()
    {
        var redis = new RedisCliOptions();
        var conversations = new Option<int>("--conversations") { Description = "Conversations of 9 events each", DefaultValueFactory = _ => 2_000 };
        var partitions = new Option<int>("--partitions") { Description = "Interactions handled concurrently", DefaultValueFactory = _ => 32 };
        var command = new Command("redis-load", "Benchmark: a generated event mix through the engine on the Redis store") { conversations, partitions };
        foreach (var option in redis.All)
            command.Options.Add(option);
        command.SetAction((parse, _) => RunAsync(redis.ToConfiguration(parse), parse.GetValue(conversations), parse.GetValue(partitions)));
        return command;
    }

    private static async Task<int> RunAsync(Dictionary<string, string?> overrides, int conversations, int partitions)
    {
        var options = new RedisOptions
        {
            ConnectionString = overrides.GetValueOrDefault($"{RedisOptions.Section}:{nameof(RedisOptions.ConnectionString)}"),
            KeyPrefix = overrides.GetValueOrDefault($"{RedisOptions.Section}:{nameof(RedisOptions.KeyPrefix)}") ?? "load:",
        };
        if (!options.Enabled)
        {
            Console.Error.WriteLine("redis-load: needs --redis HOST:PORT");
            return 2;
        }
        using var redis = RedisStateServices.Connect(options);
        var engine = DefaultEngine.OnStore(new RedisStateStore(redis, options.StoreOptions()));
        var lanes = Mix(conversations, DateTimeOffset.UtcNow)
            .GroupBy(e => Engine.State.Redis.StableHash.ShardOf(e.InteractionId, partitions))
            .Select(lane => lane.ToList())
            .ToList();
        var total = lanes.Sum(l => l.Count);

        // Warm-up outside the measurement: rule compilation and script loading.
        await engine.HandleAsync(new InteractionEvent("warm-up", EventType.CustomerMessage, DateTimeOffset.UtcNow, "warm-up", "warm-up", Text: "ridiculous"));

        var sentBefore = redis.GetCounters().Interactive.OperationCount;
        var clock = Stopwatch.StartNew();
        var failures = await Task.WhenAll(lanes.Select(lane => Task.Run(async () =>
        {
            var failed = 0;
            foreach (var e in lane)
            {
                var step = await engine.HandleAsync(e);
                failed += step.Failure is null ? 0 : 1;
            }
            return failed;
        })));
        clock.Stop();
        var sent = redis.GetCounters().Interactive.OperationCount - sentBefore;
        Console.WriteLine(
            $"redis-load: {total} events, {partitions} partitions, {clock.Elapsed.TotalSeconds:0.000} s, " +
            $"{total / clock.Elapsed.TotalSeconds:0} events/s, {(double)sent / total:0.00} requests/event, {failures.Sum()} failed");
        return 0;
    }

    /// <summary>Conversations of 9 events, a second apart, each with its own customer; every third asks twice about refunds.</summary>
    private static IEnumerable<InteractionEvent> Mix(int conversations, DateTimeOffset start)
    {
        for (var i = 0; i < conversations; i++)
        {
            var ix = $"load-ix-{i}";
            var customer = $"load-cust-{i / 3}";
            var at = start.AddSeconds(i);
            var n = 0;
            InteractionEvent Next(EventType type, string? text = null, string? topic = null) =>
                new($"{ix}-{n}", type, at.AddSeconds(n++), ix, customer, "chat", "billing", "agent-1", i % 10 == 0 ? "vip" : "standard", topic, text);
            yield return Next(EventType.InteractionStarted);
            yield return Next(EventType.QueueEntered);
            yield return Next(EventType.AgentAssigned);
            yield return Next(EventType.CustomerMessage, Says[i % Says.Length]);
            yield return Next(EventType.AgentMessage, "let me check");
            yield return Next(EventType.Inquiry, topic: "refund");
            yield return Next(EventType.CustomerMessage, Says[(i + 3) % Says.Length]);
            yield return Next(EventType.AgentMessage, "done");
            yield return Next(EventType.InteractionClosed);
        }
    }
}
