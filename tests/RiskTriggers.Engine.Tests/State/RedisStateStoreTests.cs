using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using RiskTriggers.Engine.Alerts;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.State;
using RiskTriggers.Engine.State.Redis;
using StackExchange.Redis;

namespace RiskTriggers.Engine.Tests.State;

/// <summary>
/// The contract against a real redis-server, with one deadline shard and with several. A second store "on the
/// same backend" uses its own connection, as another host would.
/// </summary>
[Category("Redis")]
[TestFixture(1)]
[TestFixture(4)]
public sealed class RedisStateStoreTests(int deadlineShards) : StateStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private RedisBackend _backend = null!;

    private ConnectionMultiplexer Server => _backend.Redis;
    private ConnectionMultiplexer OtherHost => _backend.OtherHost;
    private string Prefix => _backend.Prefix;

    [OneTimeSetUp]
    public void Connect() => _backend = new RedisBackend();

    [OneTimeTearDown]
    public void Disconnect() => _backend?.Dispose();

    [TearDown]
    public Task DeleteKeys() => _backend.DeleteKeysAsync();

    protected override IStateStore CreateStore()
    {
        _backend.NewPrefix();
        return new RedisStateStore(Server, Options());
    }

    protected override IStateStore CreateSecondStoreOnSameBackend() => new RedisStateStore(OtherHost, Options());

    private RedisStoreOptions Options() => new() { KeyPrefix = Prefix, DeadlineShards = deadlineShards };

    private IDatabase Db => Server.GetDatabase();

    [Test]
    public async Task SaveAlert_FirstSave_PublishesItToTheAlertStream()
    {
        var alert = NewAlert();

        await Store.SaveAlertAsync(alert);

        var entries = await Db.StreamRangeAsync(Prefix + "alerts");
        Assert.That(entries, Has.Length.EqualTo(1));
        Assert.That(
            ((string?)entries[0]["alertId"], (string?)entries[0]["alert"]),
            Is.EqualTo((alert.AlertId, JsonSerializer.Serialize(alert, EngineJson.Default.Alert))));
    }

    [Test]
    public async Task SaveAlert_Replaced_IsNotPublishedAgain()
    {
        await Store.SaveAlertAsync(NewAlert());

        await Store.SaveAlertAsync(NewAlert() with { Priority = Priority.P1 });

        Assert.That(await Db.StreamLengthAsync(Prefix + "alerts"), Is.EqualTo(1));
    }

    [Test]
    public async Task SaveAlert_StoredButNeverPublished_IsPublishedByTheNextSave()
    {
        await Db.HashSetAsync(Prefix + "alert:alert-1", "json", JsonSerializer.Serialize(NewAlert(), EngineJson.Default.Alert));

        await Store.SaveAlertAsync(NewAlert() with { Priority = Priority.P1 });

        var entries = await Db.StreamRangeAsync(Prefix + "alerts");
        Assert.That(entries.Select(e => (string?)e["alertId"]), Is.EqualTo(new[] { "alert-1" }));
    }

    [Test]
    public async Task SaveAlert_PublishedButTheMarkLost_IsNotPublishedTwice()
    {
        await Store.SaveAlertAsync(NewAlert());
        await Db.HashDeleteAsync(Prefix + "alert:alert-1", "published"); // the host died after appending

        await Store.SaveAlertAsync(NewAlert() with { Priority = Priority.P1 });

        Assert.That(await Db.StreamLengthAsync(Prefix + "alerts"), Is.EqualTo(1));
    }

    [Test]
    public void Constructor_PrefixWithHashTagBrace_Throws()
    {
        Assert.That(
            () => new RedisStateStore(Server, new RedisStoreOptions { KeyPrefix = "rt:{x}:" }),
            Throws.TypeOf<ValidationException>().With.Message.Contains("KeyPrefix"));
    }

    [Test]
    public async Task Keys_FollowTheDesignLayout()
    {
        await Store.TrackInteractionAsync(new InteractionEvent("evt-1", EventType.QueueEntered, T0, "ix-1", "cust-1", Queue: "billing"));
        await Store.RecordSignalAsync("ix-1", "ReplyOverdue");
        await Store.RecordInquiryAsync("cust-1", "refund", "evt-2", T0, TimeSpan.FromDays(1));
        await Store.MarkEventProcessedAsync(new InteractionEvent("evt-1", EventType.QueueEntered, T0, "ix-1", "cust-1"), TimeSpan.FromDays(1));
        await Store.TryStartCooldownAsync("rule-a:ix-1", "alert-1", T0, TimeSpan.FromMinutes(10));
        await Store.SaveAlertAsync(NewAlert());
        await Store.DeadLetterAsync(new Rejection("http", 1, null, [new FieldError("$", "not JSON")], "{", T0));

        var types = new Dictionary<string, RedisType>();
        foreach (var key in new[]
                 {
                     "{ix:ix-1}", "{ix:ix-1}:signals", "{cu:cust-1}:inq:refund", "{ix:ix-1}:seen:evt-1", "cooldown:rule-a:ix-1",
                     "alert:alert-1", "alerts", "dlq",
                 })
            types[key] = await Db.KeyTypeAsync(Prefix + key);

        Assert.That(types, Is.EqualTo(new Dictionary<string, RedisType>
        {
            ["{ix:ix-1}"] = RedisType.Hash,
            ["{ix:ix-1}:signals"] = RedisType.Set,
            ["{cu:cust-1}:inq:refund"] = RedisType.SortedSet,
            ["{ix:ix-1}:seen:evt-1"] = RedisType.String,
            ["cooldown:rule-a:ix-1"] = RedisType.String,
            ["alert:alert-1"] = RedisType.Hash,
            ["alerts"] = RedisType.Stream,
            ["dlq"] = RedisType.Stream,
        }));
    }

    [Test]
    public async Task ScheduleDeadline_Pending_IsInItsShardsTimersAndPayloads()
    {
        var deadline = new Deadline(DeadlineKind.ReplyOverdue, "ix-1", "cust-1", "evt-1", T0, T0 + TimeSpan.FromMinutes(5));

        await Store.ScheduleDeadlineAsync(deadline);

        var shards = new List<(int Shard, double? Score, bool HasPayload)>();
        for (var shard = 0; shard < deadlineShards; shard++)
        {
            var timers = $"{Prefix}{{timers:{shard}}}";
            shards.Add((shard, await Db.SortedSetScoreAsync(timers, deadline.Key), await Db.HashExistsAsync(timers + ":due", deadline.Key)));
        }

        Assert.That(
            shards.Where(s => s.Score is not null || s.HasPayload).Select(s => (s.Score, s.HasPayload)),
            Is.EqualTo(new[] { ((double?)deadline.DueAt.ToUnixTimeMilliseconds(), true) }));
    }

    [Test]
    public async Task GarbageCollectedKeys_HaveAnExpiry()
    {
        await Store.MarkEventProcessedAsync(new InteractionEvent("evt-1", EventType.QueueEntered, T0, "ix-1", "cust-1"), TimeSpan.FromDays(1));
        await Store.TryStartCooldownAsync("rule-a:ix-1", "alert-1", T0, TimeSpan.FromMinutes(10));
        await Store.RecordInquiryAsync("cust-1", "refund", "evt-2", T0, TimeSpan.FromDays(1));
        await Store.TrackInteractionAsync(new InteractionEvent("evt-3", EventType.QueueEntered, T0, "ix-1", "cust-1"));
        await Store.RecordSignalAsync("ix-1", "ReplyOverdue");

        var ttls = new Dictionary<string, double>();
        foreach (var key in new[] { "{ix:ix-1}:seen:evt-1", "cooldown:rule-a:ix-1", "{cu:cust-1}:inq:refund", "{ix:ix-1}", "{ix:ix-1}:signals" })
            ttls[key] = (await Db.KeyTimeToLiveAsync(Prefix + key))?.TotalMilliseconds ?? 0;

        Assert.That(ttls.Values, Has.All.GreaterThan(0), string.Join(", ", ttls));
    }

    private static Alert NewAlert() => new(
        "alert-1", "VipAnySignal", Priority.P3, Audience.Agent, "ix-1", "cust-1", null, null, null, T0,
        [new Evidence("ReplyOverdue", ["evt-1"], "5 min", "7 min")], "Call the customer back");
}
