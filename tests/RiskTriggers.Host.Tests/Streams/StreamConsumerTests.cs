using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RiskTriggers.Engine;
using RiskTriggers.Engine.Alerts;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.State;
using RiskTriggers.Engine.State.Memory;
using RiskTriggers.Engine.State.Redis;
using RiskTriggers.Engine.Tests;
using RiskTriggers.Host.Streams;
using StackExchange.Redis;

namespace RiskTriggers.Host.Tests.Streams;

/// <summary>The consumer in process (Generic Host, as the worker verb builds it) on the real redis-server.</summary>
[Category("Redis")]
public sealed class StreamConsumerTests
{
    private ConnectionMultiplexer _redis = null!;
    private string _prefix = "";

    [OneTimeSetUp]
    public void Connect() => _redis = TestRedis.Connect();

    [OneTimeTearDown]
    public void Disconnect() => _redis?.Dispose();

    [SetUp]
    public void NewPrefix() => _prefix = TestRedis.NewKeyPrefix();

    [TearDown]
    public Task DeleteKeys() => TestRedis.DeleteKeysAsync(_redis, _prefix);

    [Test]
    public async Task MalformedEntries_AreDeadLetteredWithTheReason_AndAcknowledged()
    {
        using var host = BuildHost();
        var writer = host.Services.GetRequiredService<EventStreamWriter>();
        await writer.PublishJsonAsync("""{"eventId":"bad-1","type":"bogus","interactionId":"ix-1"}""");
        await writer.PublishJsonAsync("not json");
        await _redis.GetDatabase().StreamAddAsync(_prefix + "events:2", "something", "else");

        await host.StartAsync();
        await EventuallyAsync(async () => (await host.Services.GetRequiredService<IStateStore>().RecentDeadLettersAsync(10)).Count == 3);
        await EventuallyAsync(async () => await PendingAsync() == 0);
        await host.StopAsync();

        var letters = await host.Services.GetRequiredService<IStateStore>().RecentDeadLettersAsync(10);
        Assert.Multiple(() =>
        {
            Assert.That(letters.Select(l => l.EventId), Is.EquivalentTo(new[] { "bad-1", null, null }));
            Assert.That(letters.Single(l => l.EventId == "bad-1").Reason, Does.Contain("type: 'bogus' is not a known type"));
            Assert.That(letters.Select(l => l.Reason), Has.Some.Contains("no 'event' field"));
            Assert.That(letters.Select(l => l.Source), Has.All.StartWith(_prefix + "events:"));
        });
    }

    [Test]
    public async Task Alerts_AreReadableWithPlainXread()
    {
        using var host = BuildHost();
        var writer = host.Services.GetRequiredService<EventStreamWriter>();
        var now = DateTimeOffset.UtcNow;
        await writer.PublishAsync(new InteractionEvent("e-1", EventType.InteractionStarted, now, "ix-1", "cust-1", Channel: "chat"));
        await writer.PublishAsync(new InteractionEvent("e-2", EventType.CustomerMessage, now, "ix-1", "cust-1", Text: "我要投诉"));

        await host.StartAsync();
        StreamEntry[] read = [];
        await EventuallyAsync(async () => (read = await _redis.GetDatabase().StreamReadAsync(_prefix + "alerts", "0")).Length > 0);
        await host.StopAsync();

        var alert = JsonSerializer.Deserialize((string)read[0]["alert"]!, EngineJson.Default.Alert)!;
        Assert.Multiple(() =>
        {
            Assert.That(read, Has.Length.EqualTo(1));
            Assert.That((string?)read[0]["alertId"], Is.EqualTo(alert.AlertId));
            Assert.That((alert.InteractionId, alert.Priority), Is.EqualTo(("ix-1", Priority.P1)), "an escalation threat goes to the supervisor as P1");
        });
    }

    [Test]
    public void Start_InvalidOptions_StopsTheHostListingEveryFailure()
    {
        using var host = BuildHost(("Shards", "0"), ("KeyPrefix", "rt:{x}:"), ("BatchSize", "0"));

        var failure = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(failure!.Failures, Has.Some.Contains("Shards").And.Some.Contains("KeyPrefix").And.Some.Contains("BatchSize"));
    }

    [Test]
    public void AddRiskTriggersState_NoConnectionString_UsesTheEmbeddedStore()
    {
        var services = new ServiceCollection().AddLogging().AddRiskTriggersState(new ConfigurationBuilder().Build());

        using var provider = services.BuildServiceProvider();

        Assert.That(provider.GetRequiredService<IStateStore>(), Is.TypeOf<InMemoryStateStore>());
    }

    [Test]
    public void EventStreamWriter_ShardOf_IsTheStableHashOfTheInteraction()
    {
        var writer = new EventStreamWriter(_redis, new RedisOptions { Shards = 4 });

        Assert.That(
            new[] { "ix-1", "ix-2", "ix-42" }.Select(writer.ShardOf),
            Is.EqualTo(new[] { "ix-1", "ix-2", "ix-42" }.Select(ix => Engine.State.Redis.StableHash.ShardOf(ix, 4))));
    }

    private IHost BuildHost(params (string Key, string Value)[] overrides)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        var values = new Dictionary<string, string?>
        {
            [$"{RedisOptions.Section}:ConnectionString"] = Environment.GetEnvironmentVariable(TestRedis.Variable),
            [$"{RedisOptions.Section}:KeyPrefix"] = _prefix,
            [$"{RedisOptions.Section}:ConsumerName"] = "in-process",
        };
        foreach (var (key, value) in overrides)
            values[$"{RedisOptions.Section}:{key}"] = value;
        builder.Configuration.AddInMemoryCollection(values);
        builder.Services.AddRiskTriggersState(builder.Configuration);
        builder.Services.AddRiskTriggersStreams();
        return builder.Build();
    }

    private async Task<long> PendingAsync()
    {
        long pending = 0;
        for (var shard = 0; shard < 4; shard++)
        {
            var key = $"{_prefix}events:{shard}";
            if (await _redis.GetDatabase().KeyExistsAsync(key))
                pending += (await _redis.GetDatabase().StreamPendingAsync(key, "risktriggers")).PendingMessageCount;
        }
        return pending;
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail("timed out after 30s");
            await Task.Delay(100);
        }
    }
}
