using RiskTriggers.Engine.Alerts;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Intake;

namespace RiskTriggers.Engine.State;

/// <summary>
/// Everything the engine remembers between events. Rx operators hold no long-lived per-customer state; they
/// read and write it here, one atomic call per step, so any host can carry on after another one crashes.
/// Times are passed in (scheduler time), never read from a clock, so replays are deterministic.
/// Implementations: <c>Memory.InMemoryStateStore</c> (embedded default) and <c>Redis.RedisStateStore</c>.
/// </summary>
public interface IStateStore : IDeadLetterSink
{
    /// <summary>
    /// Records that an event's effects are all stored: until <c>e.OccurredAt + horizon</c>, the event counts as
    /// processed and <see cref="TrackInteractionAsync"/> refuses it. Called last, so a crash before it leaves the
    /// event to be processed again (every effect is idempotent for a redelivered event).
    /// </summary>
    ValueTask MarkEventProcessedAsync(InteractionEvent e, TimeSpan horizon, CancellationToken ct = default);

    /// <summary>Adds an inquiry, drops those older than the window and returns the ones left (oldest first).</summary>
    ValueTask<IReadOnlyList<string>> RecordInquiryAsync(
        string customerId, string topic, string eventId, DateTimeOffset at, TimeSpan window, CancellationToken ct = default);

    /// <summary>
    /// Merges the event's non-empty context fields into the interaction and returns the result; or, when the
    /// event was already processed (<see cref="MarkEventProcessedAsync"/>), changes nothing and returns null.
    /// The duplicate check and the merge are one atomic call (one round trip).
    /// </summary>
    ValueTask<InteractionState?> TrackInteractionAsync(InteractionEvent e, CancellationToken ct = default);

    /// <summary>The interaction's state, or null if unknown or already forgotten.</summary>
    ValueTask<InteractionState?> GetInteractionAsync(string interactionId, CancellationToken ct = default);

    /// <summary>Records that a signal kind was seen in the interaction; returns every kind seen so far, this one included.</summary>
    ValueTask<IReadOnlySet<string>> RecordSignalAsync(string interactionId, string signalKind, CancellationToken ct = default);

    /// <summary>What the dissatisfaction model has read of the interaction's conversation; empty when nothing yet.</summary>
    ValueTask<Dissatisfaction.Conversation> GetConversationAsync(string interactionId, CancellationToken ct = default);

    /// <summary>Stores the conversation after a message (released with the interaction).</summary>
    ValueTask SaveConversationAsync(string interactionId, Dissatisfaction.Conversation conversation, CancellationToken ct = default);

    /// <summary>Releases everything kept for a closed interaction (state and pending deadlines).</summary>
    ValueTask ForgetInteractionAsync(string interactionId, CancellationToken ct = default);

    /// <summary>Registers a deadline unless one with the same key is pending; true if registered.</summary>
    ValueTask<bool> ScheduleDeadlineAsync(Deadline deadline, CancellationToken ct = default);

    /// <summary>Removes a pending deadline; true if one was pending.</summary>
    ValueTask<bool> CancelDeadlineAsync(string key, CancellationToken ct = default);

    /// <summary>
    /// Atomically takes up to <paramref name="max"/> deadlines due at or before <paramref name="now"/>, earliest
    /// first. A claimed deadline is never handed out again, to this host or any other.
    /// </summary>
    ValueTask<IReadOnlyList<Deadline>> ClaimDueDeadlinesAsync(DateTimeOffset now, int max, CancellationToken ct = default);

    /// <summary>When the earliest pending deadline is due, or null if none is pending.</summary>
    ValueTask<DateTimeOffset?> NextDeadlineAsync(CancellationToken ct = default);

    /// <summary>
    /// Starts a cooldown owned by <paramref name="owner"/> (the alert it lets through) unless one is running at
    /// <paramref name="now"/>; true if started, or if the running one has the same owner (the same alert raised
    /// again after a crash, which must not be blocked by its own cooldown). A running cooldown is never extended.
    /// </summary>
    ValueTask<bool> TryStartCooldownAsync(string key, string owner, DateTimeOffset now, TimeSpan cooldown, CancellationToken ct = default);

    /// <summary>Stores an alert (insert or replace by id).</summary>
    ValueTask SaveAlertAsync(Alert alert, CancellationToken ct = default);

    ValueTask<Alert?> GetAlertAsync(string alertId, CancellationToken ct = default);

    /// <summary>The most recent dead letters, newest first.</summary>
    ValueTask<IReadOnlyList<Rejection>> RecentDeadLettersAsync(int max, CancellationToken ct = default);
}
