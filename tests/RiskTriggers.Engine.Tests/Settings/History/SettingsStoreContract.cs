using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Engine.Settings.History;
using RiskTriggers.Engine.Tests.Support;

namespace RiskTriggers.Engine.Tests.Settings.History;

/// <summary>What every <see cref="ISettingsStore"/> promises, run against each implementation.</summary>
public abstract class SettingsStoreContract
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    private const string ReplyIn2m = """{ "replyOverdue": { "after": "2m" } }""";
    private const string ReplyIn3m = """{ "replyOverdue": { "after": "3m" }, "alerts": { "cooldown": "1h" } }""";

    private protected ManualTime Time { get; private set; } = new(T0);

    /// <summary>The store under test, fresh (empty) for each test.</summary>
    protected ISettingsStore Store { get; private set; } = null!;

    /// <summary>A new, empty store that shares nothing with any other test's store.</summary>
    protected abstract ISettingsStore CreateStore(TimeProvider time);

    /// <summary>Another store on the same backend, as a second host would have; by default the same instance.</summary>
    protected virtual ISettingsStore CreateSecondStoreOnSameBackend(TimeProvider time) => Store;

    [SetUp]
    public void CreateFreshStore()
    {
        Time = new ManualTime(T0);
        Store = CreateStore(Time);
    }

    [Test]
    public async Task Current_NothingSaved_IsTheBuiltInDefaultsAsVersion0()
    {
        var current = await Store.CurrentAsync();

        Assert.That((current.Version, current.ToSettings().ToJson()), Is.EqualTo((0, RiskSettings.BuiltIn.ToJson())));
    }

    [Test]
    public async Task Save_ValidDocument_BecomesVersion1WithItsAuditRecord()
    {
        var saved = (await Store.SaveAsync(ReplyIn2m, "ana", "faster replies")).Revision;

        var current = await Store.CurrentAsync();
        Assert.Multiple(() =>
        {
            Assert.That((saved.Version, saved.Author, saved.At, saved.Comment, saved.RollbackOf), Is.EqualTo((1, "ana", T0, "faster replies", (int?)null)));
            Assert.That(current, Is.EqualTo(saved).Using<SettingsRevision>(SameRevision));
            Assert.That(current.ToSettings().Defaults.ReplyOverdue.After, Is.EqualTo(TimeSpan.FromMinutes(2)));
            Assert.That(current.ToSettings().Version, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Save_InvalidDocument_ThrowsFieldNamedErrorsAndStoresNothing()
    {
        var refused = Assert.ThrowsAsync<SettingsException>(async () =>
            await Store.SaveAsync("""{ "replyOverdue": { "after": "0s" }, "inquiryRepeated": { "moreThan": 0 } }""", "ana", ""));

        Assert.Multiple(async () =>
        {
            Assert.That(refused!.Errors, Has.Some.StartsWith("replyOverdue.after:"));
            Assert.That(refused.Errors, Has.Some.StartsWith("inquiryRepeated.moreThan:"));
            Assert.That((await Store.CurrentAsync()).Version, Is.Zero);
            Assert.That(await Store.HistoryAsync(10), Is.Empty);
        });
    }

    [Test]
    public async Task Save_First_DiffIsAgainstTheBuiltInDefaults()
    {
        var saved = (await Store.SaveAsync(ReplyIn2m, "ana", "")).Revision;

        Assert.That(saved.Changes, Is.EqualTo(new[] { new SettingsFieldChange("replyOverdue.after", "\"5m\"", "\"2m\"") }));
    }

    [Test]
    public async Task Save_Second_DiffListsEachChangedPathWithOldAndNewValues()
    {
        await Store.SaveAsync(ReplyIn2m, "ana", "");

        var saved = (await Store.SaveAsync(ReplyIn3m, "bo", "")).Revision;

        Assert.That(saved.Changes, Is.EquivalentTo(new[]
        {
            new SettingsFieldChange("replyOverdue.after", "\"2m\"", "\"3m\""),
            new SettingsFieldChange("alerts.cooldown", "\"30m\"", "\"1h\""),
        }));
    }

    [Test]
    public async Task Save_OverrideAdded_DiffNamesItsPath()
    {
        var saved = (await Store.SaveAsync("""{ "overrides": { "queue": { "retention": { "replyOverdue": { "after": "2m" } } } } }""", "ana", "")).Revision;

        Assert.That(saved.Changes, Is.EqualTo(new[]
        {
            new SettingsFieldChange("overrides.queue", null, """{"retention":{"replyOverdue":{"after":"2m"}}}"""),
        }));
    }

    [Test]
    public async Task Save_SameEffectiveDocument_MakesNoVersionAndAnswersTheOneInForce()
    {
        await Store.SaveAsync(ReplyIn2m, "ana", "");
        var announced = new List<int>();
        using var listening = Store.Changes.Subscribe(announced.Add);

        var saved = await Store.SaveAsync("""{ "replyOverdue": { "after": "120s" }, "alerts": { "cooldown": "30m" } }""", "bo", "");

        Assert.Multiple(async () =>
        {
            Assert.That((saved.Unchanged, saved.Revision.Version, saved.Revision.Author), Is.EqualTo((true, 1, "ana")));
            Assert.That((await Store.CurrentAsync()).Version, Is.EqualTo(1));
            Assert.That((await Store.HistoryAsync(10)).Select(r => r.Version), Is.EqualTo(new[] { 1 }));
            Assert.That(await Store.GetAsync(2), Is.Null);
            Assert.That(announced, Is.Empty);
        });
    }

    [Test]
    public async Task Save_BuiltInDocumentWhileNothingSaved_StaysAtVersion0()
    {
        var saved = await Store.SaveAsync(RiskSettings.BuiltIn.ToJson(), "ana", "");

        Assert.That((saved.Unchanged, saved.Revision.Version, (await Store.CurrentAsync()).Version), Is.EqualTo((true, 0, 0)));
    }

    [Test]
    public async Task Save_ChangedDocument_IsNotUnchanged()
    {
        var saved = await Store.SaveAsync(ReplyIn2m, "ana", "");

        Assert.That((saved.Unchanged, saved.Revision.Version), Is.EqualTo((false, 1)));
    }

    [Test]
    public async Task Save_ManyAtOnce_EveryVersionIsAssignedExactlyOnce()
    {
        var other = CreateSecondStoreOnSameBackend(Time);
        var saves = Enumerable.Range(1, 20).Select(i => Task.Run(async () =>
            (await (i % 2 == 0 ? Store : other).SaveAsync($$"""{ "replyOverdue": { "after": "{{20 + i}}m" } }""", $"author-{i}", "")).Revision));

        var saved = await Task.WhenAll(saves);

        var history = await Store.HistoryAsync(100);
        Assert.Multiple(async () =>
        {
            Assert.That(saved.Select(s => s.Version).Order(), Is.EqualTo(Enumerable.Range(1, 20)));
            Assert.That(history.Select(h => h.Version), Is.EqualTo(Enumerable.Range(1, 20).Reverse()));
            Assert.That((await Store.CurrentAsync()).Version, Is.EqualTo(20));
            // Each diff is against the version that really came before it.
            for (var i = 0; i < history.Count - 1; i++)
                Assert.That(history[i].Changes.Single().Old, Is.EqualTo(history[i + 1].Changes.Single().New), $"v{history[i].Version}");
        });
    }

    [Test]
    public async Task History_NewestFirst_AtMostMax()
    {
        for (var i = 1; i <= 4; i++)
        {
            Time.Now = T0 + TimeSpan.FromMinutes(i);
            await Store.SaveAsync($$"""{ "replyOverdue": { "after": "{{i}}m" } }""", "ana", $"step {i}");
        }

        var history = await Store.HistoryAsync(3);

        Assert.That(history.Select(h => (h.Version, h.Comment, h.At)), Is.EqualTo(new[]
        {
            (4, "step 4", T0 + TimeSpan.FromMinutes(4)),
            (3, "step 3", T0 + TimeSpan.FromMinutes(3)),
            (2, "step 2", T0 + TimeSpan.FromMinutes(2)),
        }));
    }

    [Test]
    public async Task Get_StoredVersion_ReturnsItsDocumentAndAudit()
    {
        var first = (await Store.SaveAsync(ReplyIn2m, "ana", "one")).Revision;
        await Store.SaveAsync(ReplyIn3m, "bo", "two");

        Assert.That(await Store.GetAsync(1), Is.EqualTo(first).Using<SettingsRevision>(SameRevision));
    }

    [Test]
    public async Task Get_Version0_IsTheBuiltInDefaults_AndUnknownIsNull()
    {
        await Store.SaveAsync(ReplyIn2m, "ana", "");

        Assert.Multiple(async () =>
        {
            Assert.That((await Store.GetAsync(0))?.Document, Is.EqualTo("{}"));
            Assert.That(await Store.GetAsync(2), Is.Null);
            Assert.That(await Store.GetAsync(-1), Is.Null);
        });
    }

    [Test]
    public async Task Rollback_ToAnOlderVersion_SavesItsDocumentAsANewVersion()
    {
        await Store.SaveAsync(ReplyIn2m, "ana", "");
        await Store.SaveAsync(ReplyIn3m, "bo", "");

        var rolledBack = (await Store.RollbackAsync(1, "cy", "too many alerts")).Revision;

        Assert.Multiple(async () =>
        {
            Assert.That((rolledBack.Version, rolledBack.Document, rolledBack.Author, rolledBack.Comment, rolledBack.RollbackOf),
                Is.EqualTo((3, ReplyIn2m, "cy", "rollback to v1: too many alerts", (int?)1)));
            Assert.That(rolledBack.Changes, Is.EquivalentTo(new[]
            {
                new SettingsFieldChange("replyOverdue.after", "\"3m\"", "\"2m\""),
                new SettingsFieldChange("alerts.cooldown", "\"1h\"", "\"30m\""),
            }));
            Assert.That((await Store.CurrentAsync()).Version, Is.EqualTo(3));
        });
    }

    [Test]
    public async Task Rollback_ToVersion0_RestoresTheBuiltInDefaults()
    {
        await Store.SaveAsync(ReplyIn2m, "ana", "");

        var rolledBack = (await Store.RollbackAsync(0, "cy", "")).Revision;

        Assert.That((rolledBack.Version, rolledBack.Comment, rolledBack.ToSettings().ToJson()),
            Is.EqualTo((2, "rollback to v0", RiskSettings.BuiltIn.ToJson())));
    }

    [Test]
    public async Task Rollback_ToTheVersionInForce_MakesNoVersion()
    {
        await Store.SaveAsync(ReplyIn2m, "ana", "");

        var rolledBack = await Store.RollbackAsync(1, "cy", "");

        Assert.That((rolledBack.Unchanged, rolledBack.Revision.Version, (await Store.CurrentAsync()).Version), Is.EqualTo((true, 1, 1)));
    }

    [Test]
    public async Task Rollback_UnknownVersion_ThrowsAndStoresNothing()
    {
        await Store.SaveAsync(ReplyIn2m, "ana", "");

        Assert.ThrowsAsync<KeyNotFoundException>(async () => await Store.RollbackAsync(7, "cy", ""));
        Assert.That((await Store.CurrentAsync()).Version, Is.EqualTo(1));
    }

    [Test]
    public async Task Changes_Save_AnnouncesTheNewVersion()
    {
        var announced = Store.Changes.FirstAsync().ToTask();

        await Store.SaveAsync(ReplyIn2m, "ana", "");

        Assert.That(await announced.WaitAsync(Bound), Is.EqualTo(1));
    }

    [Test]
    public async Task Changes_SaveOnAnotherHost_IsAnnouncedHereAndReadableHere()
    {
        var other = CreateSecondStoreOnSameBackend(Time);
        var announced = Store.Changes.FirstAsync().ToTask();

        await other.SaveAsync(ReplyIn2m, "ana", "");

        Assert.That(await announced.WaitAsync(Bound), Is.EqualTo(1));
        Assert.That((await Store.CurrentAsync()).Document, Is.EqualTo(ReplyIn2m));
    }

    [Test]
    public async Task Changes_Rollback_IsAnnouncedLikeASave()
    {
        await Store.SaveAsync(ReplyIn2m, "ana", "");
        var announced = Store.Changes.FirstAsync().ToTask();

        await Store.RollbackAsync(0, "cy", "");

        Assert.That(await announced.WaitAsync(Bound), Is.EqualTo(2));
    }

    private static bool SameRevision(SettingsRevision a, SettingsRevision b) =>
        (a.Version, a.Document, a.Author, a.At, a.Comment, a.RollbackOf) == (b.Version, b.Document, b.Author, b.At, b.Comment, b.RollbackOf) &&
        a.Changes.SequenceEqual(b.Changes);
}
