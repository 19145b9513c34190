using RiskTriggers.Engine.Settings.History;
using RiskTriggers.Engine.State.Redis;
using StackExchange.Redis;

namespace RiskTriggers.Engine.Tests.Settings.History;

/// <summary>The settings contract against a real redis-server; a second host has its own connection.</summary>
[Category("Redis")]
[TestFixture]
public sealed class RedisSettingsStoreTests : SettingsStoreContract
{
    private ConnectionMultiplexer _redis = null!;
    private ConnectionMultiplexer _otherHost = null!;
    private string _prefix = "";

    [OneTimeSetUp]
    public void Connect()
    {
        _redis = TestRedis.Connect();
        _otherHost = TestRedis.Connect();
    }

    [OneTimeTearDown]
    public void Disconnect()
    {
        _redis?.Dispose();
        _otherHost?.Dispose();
    }

    [TearDown]
    public Task DeleteKeys() => _prefix.Length == 0 ? Task.CompletedTask : TestRedis.DeleteKeysAsync(_redis, _prefix);

    protected override ISettingsStore CreateStore(TimeProvider time)
    {
        _prefix = TestRedis.NewKeyPrefix();
        return new RedisSettingsStore(_redis, time, new RedisStoreOptions { KeyPrefix = _prefix });
    }

    protected override ISettingsStore CreateSecondStoreOnSameBackend(TimeProvider time) =>
        new RedisSettingsStore(_otherHost, time, new RedisStoreOptions { KeyPrefix = _prefix });

    [Test]
    public async Task Keys_FollowTheDesignLayout()
    {
        await Store.SaveAsync("""{ "replyOverdue": { "after": "2m" } }""", "ana", "first");
        var db = _redis.GetDatabase();

        Assert.Multiple(async () =>
        {
            Assert.That((int)await db.StringGetAsync(_prefix + "{settings}"), Is.EqualTo(1));
            Assert.That(await db.KeyTypeAsync(_prefix + "{settings}:v1"), Is.EqualTo(RedisType.Hash));
            Assert.That((string?)await db.HashGetAsync(_prefix + "{settings}:v1", "author"), Is.EqualTo("ana"));
            Assert.That((string?)await db.HashGetAsync(_prefix + "{settings}:v1", "comment"), Is.EqualTo("first"));
        });
    }

    [Test]
    public async Task Constructor_BesideAStateStore_UsesItsConnectionAndKeyPrefix()
    {
        var beside = new RedisSettingsStore(new RedisStateStore(_otherHost, new RedisStoreOptions { KeyPrefix = _prefix }), TimeProvider.System);

        await beside.SaveAsync("{}", "ana", "");

        Assert.That((int)await _redis.GetDatabase().StringGetAsync(_prefix + "{settings}"), Is.EqualTo(1));
    }

    [Test]
    public async Task Changes_AreAnnouncedOnThePrefixedSettingsChannel()
    {
        var heard = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _otherHost.GetSubscriber().SubscribeAsync(RedisChannel.Literal(_prefix + "settings:changed"), (_, message) => heard.TrySetResult(message!));

        await Store.SaveAsync("{}", "ana", "");

        Assert.That(await heard.Task.WaitAsync(TimeSpan.FromSeconds(5)), Is.EqualTo("1"));
    }
}
