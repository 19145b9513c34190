using RiskTriggers.Engine.Settings.History;
using RiskTriggers.Engine.Settings.Stores;
using RiskTriggers.Engine.State.Redis;
using StackExchange.Redis;

namespace RiskTriggers.Engine.Tests.Settings.History;

/// <summary>The settings contract against a real redis-server; a second host has its own connection.</summary>
[Category("Redis")]
[TestFixture]
public sealed class RedisSettingsStoreTests : SettingsStoreContract
{
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

    protected override ISettingsStore CreateStore(TimeProvider time)
    {
        _backend.NewPrefix();
        return new RedisSettingsStore(Server, time, Prefix);
    }

    protected override ISettingsStore CreateSecondStoreOnSameBackend(TimeProvider time) =>
        new RedisSettingsStore(OtherHost, time, Prefix);

    [Test]
    public async Task Keys_FollowTheDesignLayout()
    {
        await Store.SaveAsync("""{ "replyOverdue": { "after": "2m" } }""", "ana", "first");
        var db = Server.GetDatabase();

        Assert.Multiple(async () =>
        {
            Assert.That((int)await db.StringGetAsync(Prefix + "{settings}"), Is.EqualTo(1));
            Assert.That(await db.KeyTypeAsync(Prefix + "{settings}:v1"), Is.EqualTo(RedisType.Hash));
            Assert.That((string?)await db.HashGetAsync(Prefix + "{settings}:v1", "author"), Is.EqualTo("ana"));
            Assert.That((string?)await db.HashGetAsync(Prefix + "{settings}:v1", "comment"), Is.EqualTo("first"));
        });
    }

    [Test]
    public async Task Constructor_AnotherConnectionWithTheSamePrefix_SharesTheHistory()
    {
        var beside = new RedisSettingsStore(OtherHost, TimeProvider.System, Prefix);

        await beside.SaveAsync("""{ "replyOverdue": { "after": "2m" } }""", "ana", "");

        Assert.That((int)await Server.GetDatabase().StringGetAsync(Prefix + "{settings}"), Is.EqualTo(1));
    }

    [Test]
    public void Constructor_PrefixWithCurlyBraces_Refused() =>
        Assert.Throws<ArgumentException>(() => new RedisSettingsStore(Server, TimeProvider.System, "rt:{x}:"));

    [Test]
    public async Task Changes_AreAnnouncedOnThePrefixedSettingsChannel()
    {
        var heard = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await OtherHost.GetSubscriber().SubscribeAsync(RedisChannel.Literal(Prefix + "settings:changed"), (_, message) => heard.TrySetResult(message!));

        await Store.SaveAsync("""{ "replyOverdue": { "after": "2m" } }""", "ana", "");

        Assert.That(await heard.Task.WaitAsync(TimeSpan.FromSeconds(5)), Is.EqualTo("1"));
    }
}
