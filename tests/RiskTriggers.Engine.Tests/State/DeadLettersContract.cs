using System.Text.Json;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.State.DeadLetters;
using RiskTriggers.Engine.Tests.Support;

namespace RiskTriggers.Engine.Tests.State;

/// <summary>What every dead-letter box does, in memory and on the Redis stream alike.</summary>
public abstract class DeadLettersContract
{
    protected abstract IDeadLetters Create(int capacity);

    [Test]
    public async Task Recent_None_Empty()
    {
        Assert.That(await Create(10).RecentAsync(10), Is.Empty);
    }

    [Test]
    public async Task Recent_Several_NewestFirstWithEveryField()
    {
        var box = Create(10);
        var rejections = Enumerable.Range(1, 3).Select(NewRejection).ToList();
        foreach (var rejection in rejections)
            await box.DeadLetterAsync(rejection);

        var recent = await box.RecentAsync(10);

        Assert.That(recent.Select(Json), Is.EqualTo(rejections.AsEnumerable().Reverse().Select(Json)));
    }

    [Test]
    public async Task Recent_MoreThanMax_TheNewestMax()
    {
        var box = Create(10);
        foreach (var rejection in Enumerable.Range(1, 5).Select(NewRejection))
            await box.DeadLetterAsync(rejection);

        Assert.That((await box.RecentAsync(2)).Select(r => r.Position), Is.EqualTo(new[] { 5L, 4L }));
        Assert.That(await box.RecentAsync(0), Is.Empty);
    }

    private static Rejection NewRejection(int position) => new(
        "http", position, $"evt-{position}",
        [new FieldError("occurredAt", "is required"), new FieldError("type", "'x' is not a known type")],
        $"{{\"eventId\":\"evt-{position}\",\n\"text\":\"怎么回事\"}}", Ev.T0 + TimeSpan.FromMilliseconds(position));

    private static string Json(Rejection rejection) => JsonSerializer.Serialize(rejection, EngineJson.Default.Rejection);
}

public sealed class InMemoryDeadLettersTests : DeadLettersContract
{
    protected override IDeadLetters Create(int capacity) => new InMemoryDeadLetters(capacity);

    [Test]
    public async Task PastCapacity_TheOldestFallOff()
    {
        var box = Create(2);
        for (var i = 1; i <= 3; i++)
            await box.DeadLetterAsync(new Rejection("http", i, null, [], "{", Ev.T0));

        Assert.That((await box.RecentAsync(10)).Select(r => r.Position), Is.EqualTo(new[] { 3L, 2L }));
    }
}

/// <summary>The <c>rt:dlq</c> stream on a real redis-server.</summary>
[Category("Redis")]
public sealed class RedisDeadLettersTests : DeadLettersContract
{
    private RedisBackend _backend = null!;

    [OneTimeSetUp]
    public void Connect() => _backend = new RedisBackend();

    [OneTimeTearDown]
    public void Disconnect() => _backend?.Dispose();

    [TearDown]
    public Task DeleteKeys() => _backend.DeleteKeysAsync();

    protected override IDeadLetters Create(int capacity) => new RedisDeadLetters(_backend.Redis, _backend.NewPrefix(), capacity);

    [Test]
    public async Task DeadLetter_OnThePlatformsStream_FieldRejection()
    {
        var box = Create(10);
        await box.DeadLetterAsync(new Rejection("http", 1, null, [new FieldError("$", "not JSON")], "{", Ev.T0));

        var entries = await _backend.Redis.GetDatabase().StreamRangeAsync(_backend.Prefix + "dlq");

        Assert.That(entries.Single().Values.Select(v => (string)v.Name!), Is.EqualTo(new[] { "rejection" }));
    }
}
