using System.Text.Json;
using RiskTriggers.Engine.Alerts;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.State;

namespace RiskTriggers.Engine.Tests.State;

/// <summary>
/// What every <see cref="IStateStore"/> promises, run against each implementation. Times are passed in;
/// nothing sleeps or reads the clock. A store may keep times in whole milliseconds, so most tests use whole
/// milliseconds; the few that do not check that rounding never makes anything fire or expire early.
/// </summary>
public abstract class StateStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    /// <summary>The store under test, fresh for each test.</summary>
    protected IStateStore Store { get; private set; } = null!;

    /// <summary>A new, empty store that shares nothing with any other test's store.</summary>
    protected abstract IStateStore CreateStore();

    /// <summary>
    /// Another store on the backend of <see cref="Store"/>, as a second host would have. A store whose state
    /// lives in the process can only share it through the same instance, which is the default.
    /// </summary>
    protected virtual IStateStore CreateSecondStoreOnSameBackend() => Store;

    [SetUp]
    public void CreateFreshStore() => Store = CreateStore();

    // ---- event dedup: an event counts as processed only once it was marked so, after its effects

    [Test]
    public async Task TrackInteraction_EventNotMarkedProcessed_IsTrackedAgain()
    {
        await Store.TrackInteractionAsync(Event("evt-1", T0, queue: "billing"));

        Assert.That(await Store.TrackInteractionAsync(Event("evt-1", T0, queue: "billing")), Is.Not.Null,
            "a redelivery after a crash before the mark is processed again");
    }

    [Test]
    public async Task TrackInteraction_EventMarkedProcessed_ReturnsNullAndChangesNothing()
    {
        await Store.TrackInteractionAsync(Event("evt-1", T0, queue: "billing"));
        await Store.MarkEventProcessedAsync(Event("evt-1", T0), Day);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await Store.TrackInteractionAsync(Event("evt-1", T0, queue: "retention")), Is.Null);
            Assert.That((await Store.GetInteractionAsync("ix-1"))?.Queue, Is.EqualTo("billing"));
        });
    }

    [Test]
    public async Task TrackInteraction_MarkedEventAfterItsInteractionWasForgotten_IsStillRefused()
    {
        await Store.TrackInteractionAsync(Event("evt-1", T0));
        await Store.MarkEventProcessedAsync(Event("evt-1", T0), Day);
        await Store.ForgetInteractionAsync("ix-1");

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await Store.TrackInteractionAsync(Event("evt-1", T0)), Is.Null);
            Assert.That(await Store.GetInteractionAsync("ix-1"), Is.Null, "a refused duplicate does not bring the interaction back");
        });
    }

    [Test]
    public async Task MarkEventProcessed_OtherEvent_IsIndependent()
    {
        await Store.MarkEventProcessedAsync(Event("evt-1", T0), Day);

        Assert.That(await Store.TrackInteractionAsync(Event("evt-2", T0)), Is.Not.Null);
    }

    [Test]
    public async Task MarkEventProcessed_SameIdWithALaterTimeOnceHorizonPassed_IsTrackedAgain()
    {
        await Store.MarkEventProcessedAsync(Event("evt-1", T0), Day);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await Store.TrackInteractionAsync(Event("evt-1", T0 + Day - Ms)), Is.Null);
            Assert.That(await Store.TrackInteractionAsync(Event("evt-1", T0 + Day)), Is.Not.Null);
        });
    }

    // ---- inquiry windows

    [Test]
    public async Task RecordInquiry_First_ReturnsOnlyIt()
    {
        var ids = await Store.RecordInquiryAsync("cust-1", "refund", "evt-1", T0, Day);

        Assert.That(ids, Is.EqualTo(new[] { "evt-1" }));
    }

    [Test]
    public async Task RecordInquiry_SeveralWithinWindow_ReturnsAllOldestFirst()
    {
        await Store.RecordInquiryAsync("cust-1", "refund", "evt-b", T0 + TimeSpan.FromHours(2), Day);
        await Store.RecordInquiryAsync("cust-1", "refund", "evt-a", T0 + TimeSpan.FromHours(1), Day);
        var ids = await Store.RecordInquiryAsync("cust-1", "refund", "evt-c", T0 + TimeSpan.FromHours(3), Day);

        Assert.That(ids, Is.EqualTo(new[] { "evt-a", "evt-b", "evt-c" }));
    }

    [Test]
    public async Task RecordInquiry_OlderThanWindow_AreTrimmed()
    {
        await Store.RecordInquiryAsync("cust-1", "refund", "evt-1", T0, Day);
        await Store.RecordInquiryAsync("cust-1", "refund", "evt-2", T0 + Ms, Day);
        var ids = await Store.RecordInquiryAsync("cust-1", "refund", "evt-3", T0 + Day, Day);

        Assert.That(ids, Is.EqualTo(new[] { "evt-2", "evt-3" }), "exactly one window old is out, a millisecond younger is in");
    }

    [Test]
    public async Task RecordInquiry_TrimmedOnce_StayGone()
    {
        await Store.RecordInquiryAsync("cust-1", "refund", "evt-1", T0, Day);
        await Store.RecordInquiryAsync("cust-1", "refund", "evt-2", T0 + 2 * Day, Day);
        var ids = await Store.RecordInquiryAsync("cust-1", "refund", "evt-3", T0 + 2 * Day + Ms, 3 * Day);

        Assert.That(ids, Is.EqualTo(new[] { "evt-2", "evt-3" }));
    }

    [Test]
    public async Task RecordInquiry_SameEventIdAgain_CountsOnce()
    {
        await Store.RecordInquiryAsync("cust-1", "refund", "evt-1", T0, Day);
        var ids = await Store.RecordInquiryAsync("cust-1", "refund", "evt-1", T0 + Ms, Day);

        Assert.That(ids, Is.EqualTo(new[] { "evt-1" }));
    }

    [Test]
    public async Task RecordInquiry_OtherTopicOrCustomer_KeepsItsOwnWindow()
    {
        await Store.RecordInquiryAsync("cust-1", "refund", "evt-1", T0, Day);
        await Store.RecordInquiryAsync("cust-1", "refund", "evt-2", T0 + Ms, Day);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await Store.RecordInquiryAsync("cust-1", "delivery", "evt-3", T0, Day), Is.EqualTo(new[] { "evt-3" }));
            Assert.That(await Store.RecordInquiryAsync("cust-2", "refund", "evt-4", T0, Day), Is.EqualTo(new[] { "evt-4" }));
        });
    }

    // ---- interactions

    [Test]
    public async Task GetInteraction_Unknown_ReturnsNull()
    {
        Assert.That(await Store.GetInteractionAsync("ix-unknown"), Is.Null);
    }

    [Test]
    public async Task TrackInteraction_FirstEvent_CreatesStateFromIt()
    {
        var state = await Store.TrackInteractionAsync(
            Event("evt-1", T0, channel: "chat", queue: "billing", agentId: "agent-3", tier: "vip"));

        var expected = new InteractionState("ix-1", "cust-1", "chat", "billing", "agent-3", "vip", T0);
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(state, Is.EqualTo(expected));
            Assert.That(await Store.GetInteractionAsync("ix-1"), Is.EqualTo(expected));
        });
    }

    [Test]
    public async Task TrackInteraction_LaterEvent_MergesOnlyItsNonEmptyFields()
    {
        await Store.TrackInteractionAsync(Event("evt-1", T0, channel: "chat", queue: "billing", tier: "vip"));
        var state = await Store.TrackInteractionAsync(Event("evt-2", T0 + Ms, queue: "", agentId: "agent-3", tier: "  "));

        var expected = new InteractionState("ix-1", "cust-1", "chat", "billing", "agent-3", "vip", T0 + Ms);
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(state, Is.EqualTo(expected));
            Assert.That(await Store.GetInteractionAsync("ix-1"), Is.EqualTo(expected));
        });
    }

    [Test]
    public async Task TrackInteraction_EmptyFieldsOnFirstEvent_AreUnknown()
    {
        var state = await Store.TrackInteractionAsync(Event("evt-1", T0, channel: "", queue: " "));

        Assert.That(state, Is.EqualTo(new InteractionState("ix-1", "cust-1", null, null, null, null, T0)));
    }

    [Test]
    public async Task TrackInteraction_NewValue_ReplacesTheKnownOne()
    {
        await Store.TrackInteractionAsync(Event("evt-1", T0, queue: "billing", agentId: "agent-3"));
        var state = await Store.TrackInteractionAsync(Event("evt-2", T0 + Ms, queue: "retention", agentId: "agent-9"));

        Assert.That((state!.Queue, state.AgentId), Is.EqualTo(("retention", "agent-9")));
    }

    [Test]
    public async Task TrackInteraction_LateEvent_KeepsTheLatestEventTime()
    {
        await Store.TrackInteractionAsync(Event("evt-2", T0 + TimeSpan.FromMinutes(1)));
        var state = await Store.TrackInteractionAsync(Event("evt-1", T0));

        Assert.That(state!.LastEventAt, Is.EqualTo(T0 + TimeSpan.FromMinutes(1)));
    }

    [Test]
    public async Task TrackInteraction_OtherCustomerId_KeepsTheFirstCustomer()
    {
        await Store.TrackInteractionAsync(Event("evt-1", T0));
        var state = await Store.TrackInteractionAsync(Event("evt-2", T0 + Ms) with { CustomerId = "cust-2" });

        Assert.That(state!.CustomerId, Is.EqualTo("cust-1"));
    }

    [Test]
    public async Task TrackInteraction_OtherInteraction_IsSeparate()
    {
        await Store.TrackInteractionAsync(Event("evt-1", T0, queue: "billing"));
        var other = await Store.TrackInteractionAsync(Event("evt-2", T0) with { InteractionId = "ix-2" });

        Assert.That(other, Is.EqualTo(new InteractionState("ix-2", "cust-1", null, null, null, null, T0)));
    }

    // ---- signals

    [Test]
    public async Task RecordSignal_First_ReturnsIt()
    {
        Assert.That(await Store.RecordSignalAsync("ix-1", "ReplyOverdue"), Is.EquivalentTo(new[] { "ReplyOverdue" }));
    }

    [Test]
    public async Task RecordSignal_SeveralKinds_Accumulate()
    {
        await Store.RecordSignalAsync("ix-1", "ReplyOverdue");
        await Store.RecordSignalAsync("ix-1", "NegativePhraseSpotted");
        var kinds = await Store.RecordSignalAsync("ix-1", "ReplyOverdue");

        Assert.That(kinds, Is.EquivalentTo(new[] { "ReplyOverdue", "NegativePhraseSpotted" }));
    }

    [Test]
    public async Task RecordSignal_OtherInteraction_IsSeparate()
    {
        await Store.RecordSignalAsync("ix-1", "ReplyOverdue");

        Assert.That(await Store.RecordSignalAsync("ix-2", "InquiryRepeated"), Is.EquivalentTo(new[] { "InquiryRepeated" }));
    }

    // ---- forgetting

    [Test]
    public async Task ForgetInteraction_Known_ReleasesStateAndSignals()
    {
        await Store.TrackInteractionAsync(Event("evt-1", T0, queue: "billing"));
        await Store.RecordSignalAsync("ix-1", "ReplyOverdue");

        await Store.ForgetInteractionAsync("ix-1");

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await Store.GetInteractionAsync("ix-1"), Is.Null);
            Assert.That(await Store.RecordSignalAsync("ix-1", "InquiryRepeated"), Is.EquivalentTo(new[] { "InquiryRepeated" }));
        });
    }

    [Test]
    public async Task ForgetInteraction_PendingDeadlines_AreReleasedAndOthersKept()
    {
        await Store.ScheduleDeadlineAsync(Due(DeadlineKind.ReplyOverdue, "ix-1", T0 + Ms));
        await Store.ScheduleDeadlineAsync(Due(DeadlineKind.QueueWaitExceeded, "ix-1", T0 + 2 * Ms));
        var other = Due(DeadlineKind.ReplyOverdue, "ix-2", T0 + 3 * Ms);
        await Store.ScheduleDeadlineAsync(other);

        await Store.ForgetInteractionAsync("ix-1");

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await Store.NextDeadlineAsync(), Is.EqualTo(other.DueAt));
            Assert.That(await Store.ClaimDueDeadlinesAsync(T0 + Day, 10), Is.EqualTo(new[] { other }));
            Assert.That(await Store.ScheduleDeadlineAsync(Due(DeadlineKind.ReplyOverdue, "ix-1", T0)), Is.True);
        });
    }

    [Test]
    public async Task ForgetInteraction_Unknown_DoesNothing()
    {
        await Store.ForgetInteractionAsync("ix-unknown");

        Assert.That(await Store.GetInteractionAsync("ix-unknown"), Is.Null);
    }

    // ---- deadlines

    [Test]
    public async Task ScheduleDeadline_New_ReturnsTrue()
    {
        Assert.That(await Store.ScheduleDeadlineAsync(Due(DeadlineKind.ReplyOverdue, "ix-1", T0)), Is.True);
    }

    [Test]
    public async Task ScheduleDeadline_SameKeyPending_IsIgnored()
    {
        var first = Due(DeadlineKind.ReplyOverdue, "ix-1", T0 + TimeSpan.FromMinutes(5));
        await Store.ScheduleDeadlineAsync(first);

        var added = await Store.ScheduleDeadlineAsync(first with { EventId = "evt-later", DueAt = T0 + Ms });

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(added, Is.False);
            Assert.That(await Store.NextDeadlineAsync(), Is.EqualTo(first.DueAt));
            Assert.That(await Store.ClaimDueDeadlinesAsync(T0 + Day, 10), Is.EqualTo(new[] { first }));
        });
    }

    [Test]
    public async Task ScheduleDeadline_SameKindOtherSubject_IsItsOwn()
    {
        await Store.ScheduleDeadlineAsync(Due(DeadlineKind.ReplyOverdue, "ix-1", T0));

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await Store.ScheduleDeadlineAsync(Due(DeadlineKind.ReplyOverdue, "ix-2", T0)), Is.True);
            Assert.That(await Store.ScheduleDeadlineAsync(Due(DeadlineKind.QueueWaitExceeded, "ix-1", T0)), Is.True);
        });
    }

    [Test]
    public async Task ScheduleDeadline_SubjectsEqualOnlyUnderCultureRules_AreDistinct()
    {
        var plain = Due(DeadlineKind.ReplyOverdue, "ix-1", T0);
        var softHyphen = Due(DeadlineKind.ReplyOverdue, "ix-\u00AD1", T0);

        await Store.ScheduleDeadlineAsync(plain);
        var added = await Store.ScheduleDeadlineAsync(softHyphen);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(added, Is.True);
            Assert.That(await Store.ClaimDueDeadlinesAsync(T0, 10), Is.EquivalentTo(new[] { plain, softHyphen }));
        });
    }

    [Test]
    public async Task ScheduleDeadline_SameKeyAfterClaim_ReturnsTrue()
    {
        await Store.ScheduleDeadlineAsync(Due(DeadlineKind.ReplyOverdue, "ix-1", T0));
        await Store.ClaimDueDeadlinesAsync(T0, 10);

        Assert.That(await Store.ScheduleDeadlineAsync(Due(DeadlineKind.ReplyOverdue, "ix-1", T0 + Day)), Is.True);
    }

    [Test]
    public async Task CancelDeadline_Pending_ReturnsTrueAndItNeverFires()
    {
        var deadline = Due(DeadlineKind.ReplyOverdue, "ix-1", T0);
        await Store.ScheduleDeadlineAsync(deadline);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await Store.CancelDeadlineAsync(deadline.Key), Is.True);
            Assert.That(await Store.ClaimDueDeadlinesAsync(T0 + Day, 10), Is.Empty);
            Assert.That(await Store.NextDeadlineAsync(), Is.Null);
            Assert.That(await Store.ScheduleDeadlineAsync(deadline), Is.True, "the key is free again");
        });
    }

    [Test]
    public async Task CancelDeadline_NothingPending_ReturnsFalse()
    {
        Assert.That(await Store.CancelDeadlineAsync(Deadline.KeyOf(DeadlineKind.ReplyOverdue, "ix-1")), Is.False);
    }

    [Test]
    public async Task ClaimDueDeadlines_NothingPending_ReturnsEmpty()
    {
        Assert.That(await Store.ClaimDueDeadlinesAsync(T0, 10), Is.Empty);
    }

    [Test]
    public async Task ClaimDueDeadlines_SeveralDue_ReturnsEarliestFirst()
    {
        var second = Due(DeadlineKind.QueueWaitExceeded, "ix-1", T0 + TimeSpan.FromMinutes(2));
        var third = Due(DeadlineKind.ReplyOverdue, "ix-2", T0 + TimeSpan.FromMinutes(3));
        var first = Due(DeadlineKind.AckTimeout, "alert-1", T0 + TimeSpan.FromMinutes(1));
        foreach (var deadline in new[] { second, third, first })
            await Store.ScheduleDeadlineAsync(deadline);

        Assert.That(await Store.ClaimDueDeadlinesAsync(T0 + Day, 10), Is.EqualTo(new[] { first, second, third }));
    }

    [Test]
    public async Task ClaimDueDeadlines_SomeNotYetDue_ReturnsOnlyDueAndLeavesTheRest()
    {
        var due = Due(DeadlineKind.ReplyOverdue, "ix-1", T0);
        var notYet = Due(DeadlineKind.ReplyOverdue, "ix-2", T0 + Ms);
        await Store.ScheduleDeadlineAsync(notYet);
        await Store.ScheduleDeadlineAsync(due);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await Store.ClaimDueDeadlinesAsync(T0, 10), Is.EqualTo(new[] { due }), "due exactly now counts");
            Assert.That(await Store.NextDeadlineAsync(), Is.EqualTo(notYet.DueAt));
            Assert.That(await Store.ClaimDueDeadlinesAsync(T0 + Ms, 10), Is.EqualTo(new[] { notYet }));
        });
    }

    [Test]
    public async Task ClaimDueDeadlines_DueWithinTheNextMillisecond_IsNotClaimedEarly()
    {
        var deadline = Due(DeadlineKind.ReplyOverdue, "ix-1", T0 + Ms / 2);
        await Store.ScheduleDeadlineAsync(deadline);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await Store.ClaimDueDeadlinesAsync(T0, 10), Is.Empty);
            Assert.That(await Store.ClaimDueDeadlinesAsync(T0 + Ms, 10), Is.EqualTo(new[] { deadline }));
        });
    }

    [Test]
    public async Task ClaimDueDeadlines_MoreDueThanMax_ReturnsTheEarliestMax()
    {
        var deadlines = Enumerable.Range(0, 5).Select(i => Due(DeadlineKind.ReplyOverdue, $"ix-{i}", T0 + i * Ms)).ToList();
        foreach (var deadline in deadlines.AsEnumerable().Reverse())
            await Store.ScheduleDeadlineAsync(deadline);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await Store.ClaimDueDeadlinesAsync(T0 + Day, 3), Is.EqualTo(deadlines.Take(3)));
            Assert.That(await Store.ClaimDueDeadlinesAsync(T0 + Day, 3), Is.EqualTo(deadlines.Skip(3)));
        });
    }

    [Test]
    public async Task ClaimDueDeadlines_MaxZero_ClaimsNothing()
    {
        var deadline = Due(DeadlineKind.ReplyOverdue, "ix-1", T0);
        await Store.ScheduleDeadlineAsync(deadline);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await Store.ClaimDueDeadlinesAsync(T0, 0), Is.Empty);
            Assert.That(await Store.ClaimDueDeadlinesAsync(T0, 1), Is.EqualTo(new[] { deadline }));
        });
    }

    [Test]
    public async Task ClaimDueDeadlines_AlreadyClaimed_IsNotReturnedAgain()
    {
        await Store.ScheduleDeadlineAsync(Due(DeadlineKind.ReplyOverdue, "ix-1", T0));
        await Store.ClaimDueDeadlinesAsync(T0, 10);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await Store.ClaimDueDeadlinesAsync(T0 + Day, 10), Is.Empty);
            Assert.That(await Store.CancelDeadlineAsync(Deadline.KeyOf(DeadlineKind.ReplyOverdue, "ix-1")), Is.False);
        });
    }

    [Test]
    public async Task ClaimDueDeadlines_Claimed_KeepsEveryField()
    {
        var deadline = new Deadline(
            DeadlineKind.QueueWaitExceeded, "ix-1", "cust-1", "evt-1", T0, T0 + TimeSpan.FromMinutes(5) + 123 * Ms);
        await Store.ScheduleDeadlineAsync(deadline);

        var claimed = await Store.ClaimDueDeadlinesAsync(T0 + Day, 10);

        Assert.That(claimed, Is.EqualTo(new[] { deadline }));
    }

    [Test]
    public async Task ClaimDueDeadlines_TwoStoresOnOneBackendConcurrently_NeverClaimTheSameOne()
    {
        const int count = 300;
        var scheduled = Enumerable.Range(0, count)
            .Select(i => Due(DeadlineKind.ReplyOverdue, $"ix-{i}", T0 + (i % 17) * Ms))
            .ToList();
        foreach (var deadline in scheduled)
            await Store.ScheduleDeadlineAsync(deadline);
        var second = CreateSecondStoreOnSameBackend();

        var claims = await Task.WhenAll(
            Enumerable.Range(0, 4).Select(i => Task.Run(() => ClaimAllAsync(i % 2 == 0 ? Store : second))));

        var claimed = claims.SelectMany(c => c).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(claimed.Select(d => d.Key), Is.Unique);
            Assert.That(claimed, Is.EquivalentTo(scheduled));
        });
    }

    [Test]
    public async Task NextDeadline_NothingPending_ReturnsNull()
    {
        Assert.That(await Store.NextDeadlineAsync(), Is.Null);
    }

    [Test]
    public async Task NextDeadline_Several_ReturnsTheEarliestDueTime()
    {
        await Store.ScheduleDeadlineAsync(Due(DeadlineKind.ReplyOverdue, "ix-1", T0 + TimeSpan.FromMinutes(5)));
        await Store.ScheduleDeadlineAsync(Due(DeadlineKind.ReplyOverdue, "ix-2", T0 + TimeSpan.FromMinutes(2)));
        await Store.ScheduleDeadlineAsync(Due(DeadlineKind.ReplyOverdue, "ix-3", T0 + TimeSpan.FromMinutes(9)));

        Assert.That(await Store.NextDeadlineAsync(), Is.EqualTo(T0 + TimeSpan.FromMinutes(2)));
    }

    [Test]
    public async Task NextDeadline_EarliestCancelled_MovesToTheNext()
    {
        var earliest = Due(DeadlineKind.ReplyOverdue, "ix-1", T0);
        await Store.ScheduleDeadlineAsync(earliest);
        await Store.ScheduleDeadlineAsync(Due(DeadlineKind.ReplyOverdue, "ix-2", T0 + Day));

        await Store.CancelDeadlineAsync(earliest.Key);

        Assert.That(await Store.NextDeadlineAsync(), Is.EqualTo(T0 + Day));
    }

    // ---- cooldowns

    [Test]
    public async Task TryStartCooldown_NoneRunning_ReturnsTrue()
    {
        Assert.That(await Store.TryStartCooldownAsync("rule-a:ix-1", "al-1", T0, TimeSpan.FromMinutes(10)), Is.True);
    }

    [Test]
    public async Task TryStartCooldown_WhileRunningForAnotherAlert_ReturnsFalse()
    {
        await Store.TryStartCooldownAsync("rule-a:ix-1", "al-1", T0, TimeSpan.FromMinutes(10));

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await Store.TryStartCooldownAsync("rule-a:ix-1", "al-2", T0, TimeSpan.FromMinutes(10)), Is.False);
            Assert.That(await Store.TryStartCooldownAsync("rule-a:ix-1", "al-2", T0 + TimeSpan.FromMinutes(10) - Ms, TimeSpan.FromMinutes(10)), Is.False);
        });
    }

    [Test]
    public async Task TryStartCooldown_WhileRunningForTheSameAlert_ReturnsTrue()
    {
        await Store.TryStartCooldownAsync("rule-a:ix-1", "al-1", T0, TimeSpan.FromMinutes(10));

        Assert.That(await Store.TryStartCooldownAsync("rule-a:ix-1", "al-1", T0 + TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10)), Is.True,
            "the same alert raised again after a crash is not blocked by its own cooldown");
    }

    [Test]
    public async Task TryStartCooldown_SameAlertAgain_DoesNotExtendIt()
    {
        await Store.TryStartCooldownAsync("rule-a:ix-1", "al-1", T0, TimeSpan.FromMinutes(10));
        await Store.TryStartCooldownAsync("rule-a:ix-1", "al-1", T0 + TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));

        Assert.That(await Store.TryStartCooldownAsync("rule-a:ix-1", "al-2", T0 + TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10)), Is.True);
    }

    [Test]
    public async Task TryStartCooldown_AfterExpiry_ReturnsTrueAndStartsAnother()
    {
        await Store.TryStartCooldownAsync("rule-a:ix-1", "al-1", T0, TimeSpan.FromMinutes(10));

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await Store.TryStartCooldownAsync("rule-a:ix-1", "al-2", T0 + TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10)), Is.True);
            Assert.That(await Store.TryStartCooldownAsync("rule-a:ix-1", "al-1", T0 + TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(10)), Is.False,
                "the new cooldown belongs to the alert that started it");
        });
    }

    [Test]
    public async Task TryStartCooldown_RefusedAttempts_DoNotExtendIt()
    {
        await Store.TryStartCooldownAsync("rule-a:ix-1", "al-1", T0, TimeSpan.FromMinutes(10));
        await Store.TryStartCooldownAsync("rule-a:ix-1", "al-2", T0 + TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));

        Assert.That(await Store.TryStartCooldownAsync("rule-a:ix-1", "al-3", T0 + TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10)), Is.True);
    }

    [Test]
    public async Task TryStartCooldown_WithinItsLastMillisecond_ReturnsFalse()
    {
        await Store.TryStartCooldownAsync("rule-a:ix-1", "al-1", T0, Ms * 1.5);

        Assert.That(await Store.TryStartCooldownAsync("rule-a:ix-1", "al-2", T0 + Ms * 1.4, Ms * 1.5), Is.False);
    }

    [Test]
    public async Task TryStartCooldown_OtherKey_IsIndependent()
    {
        await Store.TryStartCooldownAsync("rule-a:ix-1", "al-1", T0, TimeSpan.FromMinutes(10));

        Assert.That(await Store.TryStartCooldownAsync("rule-b:ix-1", "al-2", T0, TimeSpan.FromMinutes(10)), Is.True);
    }

    // ---- alerts

    [Test]
    public async Task GetAlert_Unknown_ReturnsNull()
    {
        Assert.That(await Store.GetAlertAsync("alert-unknown"), Is.Null);
    }

    [Test]
    public async Task SaveAlert_ThenGet_ReturnsItWithItsEvidence()
    {
        var alert = NewAlert("alert-1");

        await Store.SaveAlertAsync(alert);

        Assert.That(Json(await Store.GetAlertAsync("alert-1")), Is.EqualTo(Json(alert)));
    }

    [Test]
    public async Task SaveAlert_SameIdAgain_ReplacesIt()
    {
        await Store.SaveAlertAsync(NewAlert("alert-1"));
        var escalated = NewAlert("alert-1") with { Priority = Priority.P1, Audience = Audience.Supervisor };

        await Store.SaveAlertAsync(escalated);

        Assert.That(Json(await Store.GetAlertAsync("alert-1")), Is.EqualTo(Json(escalated)));
    }

    // ---- dead letters

    [Test]
    public async Task RecentDeadLetters_None_ReturnsEmpty()
    {
        Assert.That(await Store.RecentDeadLettersAsync(10), Is.Empty);
    }

    [Test]
    public async Task RecentDeadLetters_Several_ReturnsThemNewestFirstWithEveryField()
    {
        var rejections = Enumerable.Range(1, 3).Select(NewRejection).ToList();
        foreach (var rejection in rejections)
            await Store.DeadLetterAsync(rejection);

        var recent = await Store.RecentDeadLettersAsync(10);

        Assert.That(recent.Select(Json), Is.EqualTo(rejections.AsEnumerable().Reverse().Select(Json)));
    }

    [Test]
    public async Task RecentDeadLetters_MoreThanMax_ReturnsTheNewestMax()
    {
        foreach (var rejection in Enumerable.Range(1, 5).Select(NewRejection))
            await Store.DeadLetterAsync(rejection);

        var recent = await Store.RecentDeadLettersAsync(2);

        Assert.That(recent.Select(r => r.Position), Is.EqualTo(new[] { 5L, 4L }));
    }

    // ---- helpers

    private static async Task<List<Deadline>> ClaimAllAsync(IStateStore store)
    {
        var claimed = new List<Deadline>();
        while (await store.ClaimDueDeadlinesAsync(T0 + Day, 7) is { Count: > 0 } batch)
            claimed.AddRange(batch);
        return claimed;
    }

    private static InteractionEvent Event(
        string eventId, DateTimeOffset at, string? channel = null, string? queue = null, string? agentId = null, string? tier = null) =>
        new(eventId, EventType.CustomerMessage, at, "ix-1", "cust-1", channel, queue, agentId, tier, Text: "hello");

    private static Deadline Due(DeadlineKind kind, string subject, DateTimeOffset dueAt) =>
        new(kind, subject, "cust-1", $"evt-{subject}", dueAt - TimeSpan.FromMinutes(5), dueAt);

    private static Alert NewAlert(string alertId) => new(
        alertId, "VipAnySignal", Priority.P3, Audience.Agent, "ix-1", "cust-1", "agent-3", "billing", "chat", T0,
        [
            new Evidence("NegativePhraseSpotted", ["evt-1"], "any phrase of class escalation", "1 phrase", "我要投诉", "escalation"),
            new Evidence("ReplyOverdue", ["evt-1", "evt-2"], "5 min", "7 min"),
        ],
        "Call the customer back");

    private static Rejection NewRejection(int position) => new(
        "http", position, $"evt-{position}",
        [new FieldError("occurredAt", "is required"), new FieldError("type", "'x' is not a known type")],
        $"{{\"eventId\":\"evt-{position}\",\n\"text\":\"怎么回事\"}}", T0 + position * Ms);

    private static string Json(Alert? alert) =>
        alert is null ? "null" : JsonSerializer.Serialize(alert, EngineJson.Default.Alert);

    private static string Json(Rejection rejection) => JsonSerializer.Serialize(rejection, EngineJson.Default.Rejection);
}
