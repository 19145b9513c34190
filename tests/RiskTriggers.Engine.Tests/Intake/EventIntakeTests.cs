using System.Globalization;
using System.Reactive.Concurrency;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Intake;
using RiskTriggers.Engine.State.DeadLetters;
using RiskTriggers.Engine.Tests.Support;

namespace RiskTriggers.Engine.Tests.Intake;

public sealed class EventIntakeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private ManualTime _time = null!;

    [SetUp]
    public void StartClock() => _time = new ManualTime(T0);

    private static string Json(string eventId, DateTimeOffset at, string text = "怎么回事") =>
        $$"""{"eventId":"{{eventId}}","type":"customer_message","occurredAt":"{{at.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}}","interactionId":"ix-1","customerId":"cust-1","text":"{{text}}"}""";

    private EventIntake Live(IntakeOptions? options = null, RecentEventIds? recent = null, InMemoryDeadLetters? store = null) =>
        new(options ?? IntakeOptions.Default, IntakeClock.Live(_time), store, recent);

    [Test]
    public void Take_ValidEvent_AcceptedAndCounted()
    {
        var intake = Live();

        var taken = intake.Take(Json("evt-1", T0), "http", 0);

        Assert.Multiple(() =>
        {
            Assert.That(taken.Outcome, Is.EqualTo(IntakeOutcome.Accepted));
            Assert.That(taken.Event!.EventId, Is.EqualTo("evt-1"));
            Assert.That((intake.Counters.Accepted, intake.Counters.Rejected, intake.Counters.Duplicates), Is.EqualTo((1L, 0L, 0L)));
        });
    }

    [Test]
    public void Take_Dated2099_RejectedOnOccurredAtNamingTheSkew()
    {
        var intake = Live();

        var taken = intake.Take(Json("evt-2099", new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero)), "http", 3);

        var error = taken.Rejection!.Errors.Single();
        Assert.Multiple(() =>
        {
            Assert.That(taken.Outcome, Is.EqualTo(IntakeOutcome.Rejected));
            Assert.That(error.Field, Is.EqualTo("occurredAt"));
            Assert.That(error.Reason, Does.Contain("in the future").And.Contain("at most 5m ahead"));
            Assert.That((taken.Rejection.Source, taken.Rejection.Position, taken.Rejection.EventId), Is.EqualTo(("http", 3L, "evt-2099")));
            Assert.That(taken.Rejection.RejectedAt, Is.EqualTo(T0));
            Assert.That(intake.Counters.Rejected, Is.EqualTo(1));
        });
    }

    [Test]
    public void Take_AheadByExactlyTheSkew_Accepted_OneSecondMore_Rejected()
    {
        var intake = Live();

        var atBound = intake.Take(Json("evt-a", T0 + TimeSpan.FromMinutes(5)), "http", 0);
        var past = intake.Take(Json("evt-b", T0 + TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1)), "http", 1);

        Assert.That((atBound.Outcome, past.Outcome), Is.EqualTo((IntakeOutcome.Accepted, IntakeOutcome.Rejected)));
    }

    [Test]
    public void Take_ClockMovesOn_BoundMovesWithIt()
    {
        var intake = Live();
        var tomorrow = Json("evt-1", T0 + TimeSpan.FromDays(1));

        var before = intake.Take(tomorrow, "http", 0);
        _time.Now = T0 + TimeSpan.FromDays(1);
        var after = intake.Take(tomorrow, "http", 0);

        Assert.That((before.Outcome, after.Outcome), Is.EqualTo((IntakeOutcome.Rejected, IntakeOutcome.Accepted)));
    }

    [Test]
    public void Take_OlderThanMaxAge_RejectedOnOccurredAt()
    {
        var intake = Live();

        var taken = intake.Take(Json("evt-old", T0 - TimeSpan.FromDays(31)), "http", 0);

        var error = taken.Rejection!.Errors.Single();
        Assert.That((error.Field, error.Reason), Is.EqualTo(("occurredAt", "2026-10-24T10:00:00Z is 31d old (now 2026-11-24T10:00:00Z); events older than 30d are refused")));
    }

    [Test]
    public void Take_NoMaxAge_OldEventAccepted()
    {
        var intake = Live(new IntakeOptions { MaxAge = null });

        Assert.That(intake.Take(Json("evt-old", T0 - TimeSpan.FromDays(3650)), "http", 0).Outcome, Is.EqualTo(IntakeOutcome.Accepted));
    }

    [Test]
    public void Take_SchedulerClock_BoundsAgainstSchedulerNow()
    {
        var scheduler = new HistoricalScheduler(T0);
        var intake = new EventIntake(IntakeOptions.Default, IntakeClock.Live(scheduler));

        var ahead = intake.Take(Json("evt-1", T0 + TimeSpan.FromHours(1)), "stream", 0);
        scheduler.AdvanceBy(TimeSpan.FromHours(1));
        var due = intake.Take(Json("evt-1", T0 + TimeSpan.FromHours(1)), "stream", 0);

        Assert.That((ahead.Outcome, due.Outcome), Is.EqualTo((IntakeOutcome.Rejected, IntakeOutcome.Accepted)));
    }

    [Test]
    public void Take_FileTime_OldHistoryAcceptedWhateverTheWallClock()
    {
        var intake = new EventIntake(IntakeOptions.Default, IntakeClock.FileTime());

        var taken = intake.Take(Json("evt-1", new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero)), "old.jsonl", 1);

        Assert.That(taken.Outcome, Is.EqualTo(IntakeOutcome.Accepted));
    }

    [Test]
    public void Take_FileTime_JumpPastTheLeadAfterTheNewestEvent_RejectedOnOccurredAt()
    {
        var intake = new EventIntake(IntakeOptions.Default, IntakeClock.FileTime());
        intake.Take(Json("evt-1", T0), "f.jsonl", 1);
        intake.Take(Json("evt-2", T0 + TimeSpan.FromDays(6)), "f.jsonl", 2);

        var outlier = intake.Take(Json("evt-3", new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero)), "f.jsonl", 3);
        var late = intake.Take(Json("evt-4", T0 + TimeSpan.FromDays(1)), "f.jsonl", 4);

        Assert.Multiple(() =>
        {
            Assert.That(outlier.Rejection!.Errors.Single().Field, Is.EqualTo("occurredAt"));
            Assert.That(outlier.Rejection.Errors.Single().Reason, Does.Contain("after the newest event before it (2026-11-30T10:00:00Z)"));
            Assert.That(outlier.Rejection.Position, Is.EqualTo(3));
            Assert.That(late.Outcome, Is.EqualTo(IntakeOutcome.Accepted), "an earlier event is not bounded: files are history");
        });
    }

    [Test]
    public void Take_InvalidItem_RejectedNamingEachFieldAndEventId()
    {
        var intake = Live();

        var taken = intake.Take("""{"eventId":"bad-1","type":"bogus","interactionId":"ix-1"}""", "http", 0);

        Assert.Multiple(() =>
        {
            Assert.That(taken.Rejection!.EventId, Is.EqualTo("bad-1"));
            Assert.That(taken.Rejection.Errors.Select(e => e.Field), Is.EquivalentTo(new[] { "customerId", "type", "occurredAt" }));
            Assert.That(taken.Rejection.TruncatedFrom, Is.Null);
        });
    }

    [Test]
    public void Take_NotJson_RejectedOnTheWholeItem()
    {
        var taken = Live().Take("not json", "http", 0);

        Assert.That((taken.Rejection!.Errors.Single().Field, taken.Rejection.EventId), Is.EqualTo(("$", (string?)null)));
    }

    [Test]
    public void Take_HugeRejectedItem_KeepsABoundedExcerptAndTheOriginalLength()
    {
        var raw = Json("evt-big", T0, new string('x', 1_000_000));

        var rejection = Live().Take(raw, "http", 0).Rejection!;

        Assert.Multiple(() =>
        {
            Assert.That(rejection.Errors.Single().Field, Is.EqualTo("text"));
            Assert.That(rejection.Raw, Has.Length.EqualTo(1_024));
            Assert.That(raw, Does.StartWith(rejection.Raw));
            Assert.That(rejection.TruncatedFrom, Is.EqualTo(raw.Length));
        });
    }

    [Test]
    public void Rejection_Truncated_RoundTripsThroughJsonWithTheOriginalLength()
    {
        var rejection = Live(new IntakeOptions { ExcerptLength = 64 }).Take(new string('x', 500), "http", 0).Rejection!;

        var json = System.Text.Json.JsonSerializer.Serialize(rejection, EngineJson.Default.Rejection);
        var back = System.Text.Json.JsonSerializer.Deserialize(json, EngineJson.Default.Rejection)!;

        Assert.That((back.Raw.Length, back.TruncatedFrom), Is.EqualTo((64, (int?)500)));
        Assert.That(json, Does.Contain("\"truncatedFrom\":500"));
    }

    [Test]
    public void Take_ExcerptEndingInASurrogatePair_NeverSplitsIt()
    {
        var raw = new string('x', 63) + "😀" + new string('y', 100);

        var rejection = Live(new IntakeOptions { ExcerptLength = 64 }).Take(raw, "http", 0).Rejection!;

        Assert.That(rejection.Raw, Is.EqualTo(new string('x', 63)));
    }

    [Test]
    public void Take_SameEventIdTwiceWithRecentIds_SecondIsDuplicate()
    {
        var intake = Live(recent: new RecentEventIds(10));

        intake.Take(Json("evt-1", T0), "http", 0);
        var again = intake.Take(Json("evt-1", T0), "http", 1);

        Assert.That((again.Outcome, intake.Counters.Accepted, intake.Counters.Duplicates), Is.EqualTo((IntakeOutcome.Duplicate, 1L, 1L)));
    }

    [Test]
    public void Take_SameEventIdTwiceWithoutRecentIds_BothAccepted()
    {
        var intake = Live();

        intake.Take(Json("evt-1", T0), "stream", 0);

        Assert.That(intake.Take(Json("evt-1", T0), "stream", 0).Outcome, Is.EqualTo(IntakeOutcome.Accepted));
    }

    [Test]
    public void Withdraw_AcceptedEvent_RetryIsAcceptedAgainAndCountedWithdrawn()
    {
        var intake = Live(recent: new RecentEventIds(10));
        var first = intake.Take(Json("evt-1", T0), "http", 0);

        intake.Withdraw(first.Event!);
        var retry = intake.Take(Json("evt-1", T0), "http", 0);

        Assert.That((retry.Outcome, intake.Counters.Accepted, intake.Counters.Withdrawn), Is.EqualTo((IntakeOutcome.Accepted, 2L, 1L)));
    }

    [Test]
    public async Task TakeAsync_Rejected_HandedToTheDeadLetterSink()
    {
        var store = new InMemoryDeadLetters();
        var intake = Live(store: store);

        await intake.TakeAsync(Json("evt-2099", new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero)), "http", 0);
        await intake.TakeAsync(Json("evt-ok", T0), "http", 1);

        var letter = (await store.RecentAsync(10)).Single();
        Assert.That((letter.EventId, letter.Errors.Single().Field), Is.EqualTo(("evt-2099", "occurredAt")));
    }

    [Test]
    public async Task RefuseAsync_CallerReason_CountedAndDeadLetteredWithExcerpt()
    {
        var store = new InMemoryDeadLetters();
        var intake = Live(new IntakeOptions { ExcerptLength = 64 }, store: store);

        var rejection = await intake.RefuseAsync(Json("evt-1", T0, new string('z', 500)), "rt:events:0 1-0", 0, [new FieldError("$", "processing failed 3 times")]);

        Assert.Multiple(() =>
        {
            Assert.That(rejection.EventId, Is.EqualTo("evt-1"));
            Assert.That(rejection.Raw, Has.Length.EqualTo(64));
            Assert.That(intake.Counters.Rejected, Is.EqualTo(1));
        });
        Assert.That((await store.RecentAsync(10)).Single().Reason, Is.EqualTo("$: processing failed 3 times"));
    }

    [Test]
    public void Counters_SharedByTwoIntakes_CountBoth()
    {
        var counters = new IntakeCounters();
        var http = new EventIntake(IntakeOptions.Default, IntakeClock.Live(_time), counters: counters);
        var stream = new EventIntake(IntakeOptions.Default, IntakeClock.Live(_time), counters: counters);

        http.Take(Json("evt-1", T0), "http", 0);
        stream.Take("{", "stream", 0);

        Assert.That((counters.Accepted, counters.Rejected), Is.EqualTo((1L, 1L)));
    }
}
