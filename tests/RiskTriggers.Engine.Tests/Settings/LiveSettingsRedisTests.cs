using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Engine.Settings.Stores;
using RiskTriggers.Engine.State.Redis;
using RiskTriggers.Engine.Tests.Support;
using StackExchange.Redis;

namespace RiskTriggers.Engine.Tests.Settings;

/// <summary>
/// Hot reload across two hosts: two <see cref="LiveSettings"/> on two connections to one redis-server. The
/// periodic re-check is set to an hour, so only the pub/sub notification can make a host switch.
/// </summary>
[Category("Redis")]
public sealed class LiveSettingsRedisTests
{
    /// <summary>What DESIGN.md promises: every host switches within a second of a change.</summary>
    private static readonly TimeSpan SwitchBound = TimeSpan.FromSeconds(1);

    private ConnectionMultiplexer _hostA = null!;
    private ConnectionMultiplexer _hostB = null!;
    private string _prefix = "";

    [OneTimeSetUp]
    public void Connect()
    {
        _hostA = TestRedis.Connect();
        _hostB = TestRedis.Connect();
    }

    [OneTimeTearDown]
    public void Disconnect()
    {
        _hostA?.Dispose();
        _hostB?.Dispose();
    }

    [SetUp]
    public void NewPrefix() => _prefix = TestRedis.NewKeyPrefix();

    [TearDown]
    public Task DeleteKeys() => TestRedis.DeleteKeysAsync(_hostA, _prefix);

    [Test]
    public async Task Save_OnOneHost_BothHostsSwitchWithinASecond()
    {
        var (storeA, liveA) = await StartHostAsync(_hostA);
        var (_, liveB) = await StartHostAsync(_hostB);
        using (liveA)
        using (liveB)
        {
            var switchedA = liveA.Switched.FirstAsync(s => s.Version == 1).ToTask();
            var switchedB = liveB.Switched.FirstAsync(s => s.Version == 1).ToTask();

            await storeA.SaveAsync("""{ "replyOverdue": { "after": "2m" } }""", "ana", "faster");

            var settingsB = await switchedB.WaitAsync(SwitchBound);
            await switchedA.WaitAsync(SwitchBound);
            Assert.That((liveB.Current, settingsB.Defaults.ReplyOverdue.After), Is.EqualTo((settingsB, TimeSpan.FromMinutes(2))));
        }
    }

    [Test]
    public async Task Rollback_OnTheOtherHost_FirstHostSwitchesBack()
    {
        var (storeA, liveA) = await StartHostAsync(_hostA);
        var (storeB, liveB) = await StartHostAsync(_hostB);
        using (liveA)
        using (liveB)
        {
            await storeA.SaveAsync("""{ "replyOverdue": { "after": "2m" } }""", "ana", "");
            var switchedA = liveA.Switched.FirstAsync(s => s.Version == 2).ToTask();

            await storeB.RollbackAsync(0, "bo", "back to defaults");

            var settingsA = await switchedA.WaitAsync(SwitchBound);
            Assert.That(settingsA.Defaults.ReplyOverdue.After, Is.EqualTo(TimeSpan.FromMinutes(5)));
        }
    }

    [Test]
    public async Task Start_AfterSaves_LoadsTheCurrentVersion()
    {
        var store = new RedisSettingsStore(_hostA, TimeProvider.System, _prefix);
        await store.SaveAsync("""{ "replyOverdue": { "after": "2m" } }""", "ana", "");
        await store.SaveAsync("""{ "replyOverdue": { "after": "3m" } }""", "ana", "");

        var (_, live) = await StartHostAsync(_hostB);
        using (live)
            Assert.That((live.Current.Version, live.Current.Defaults.ReplyOverdue.After), Is.EqualTo((2, TimeSpan.FromMinutes(3))));
    }

    private async Task<(RedisSettingsStore Store, LiveSettings Live)> StartHostAsync(IConnectionMultiplexer redis)
    {
        var store = new RedisSettingsStore(redis, new ManualTime(Ev.T0), _prefix);
        var live = new LiveSettings(store, TaskPoolScheduler.Default, new LiveSettingsOptions { RecheckInterval = TimeSpan.FromHours(1) });
        await live.StartAsync();
        return (store, live);
    }
}
