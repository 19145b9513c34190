using RiskTriggers.Engine.Alerts;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.State;
using RiskTriggers.Engine.State.Memory;

namespace RiskTriggers.Host.Tests.Support;

/// <summary>The embedded store, except that tracking interaction <see cref="Poisoned"/> throws: a failing engine step.</summary>
internal sealed class FailingStore : IStateStore
{
    public const string Poisoned = "ix-poisoned";
    private readonly InMemoryStateStore _inner = new();

    public ValueTask<InteractionState?> TrackInteractionAsync(InteractionEvent e, CancellationToken ct = default) =>
        e.InteractionId == Poisoned ? throw new InvalidOperationException("store failure (test)") : _inner.TrackInteractionAsync(e, ct);

    public ValueTask MarkEventProcessedAsync(InteractionEvent e, TimeSpan horizon, CancellationToken ct = default) => _inner.MarkEventProcessedAsync(e, horizon, ct);
    public ValueTask<IReadOnlyList<string>> RecordInquiryAsync(string customerId, string topic, string eventId, DateTimeOffset at, TimeSpan window, CancellationToken ct = default) => _inner.RecordInquiryAsync(customerId, topic, eventId, at, window, ct);
    public ValueTask<InteractionState?> GetInteractionAsync(string interactionId, CancellationToken ct = default) => _inner.GetInteractionAsync(interactionId, ct);
    public ValueTask<IReadOnlySet<string>> RecordSignalAsync(string interactionId, string signalKind, CancellationToken ct = default) => _inner.RecordSignalAsync(interactionId, signalKind, ct);
    public ValueTask<Engine.Dissatisfaction.Conversation> GetConversationAsync(string interactionId, CancellationToken ct = default) => _inner.GetConversationAsync(interactionId, ct);
    public ValueTask SaveConversationAsync(string interactionId, Engine.Dissatisfaction.Conversation conversation, CancellationToken ct = default) => _inner.SaveConversationAsync(interactionId, conversation, ct);
    public ValueTask ForgetInteractionAsync(string interactionId, CancellationToken ct = default) => _inner.ForgetInteractionAsync(interactionId, ct);
    public ValueTask<bool> ScheduleDeadlineAsync(Deadline deadline, CancellationToken ct = default) => _inner.ScheduleDeadlineAsync(deadline, ct);
    public ValueTask<bool> CancelDeadlineAsync(string key, CancellationToken ct = default) => _inner.CancelDeadlineAsync(key, ct);
    public ValueTask<IReadOnlyList<Deadline>> ClaimDueDeadlinesAsync(DateTimeOffset now, int max, CancellationToken ct = default) => _inner.ClaimDueDeadlinesAsync(now, max, ct);
    public ValueTask<DateTimeOffset?> NextDeadlineAsync(CancellationToken ct = default) => _inner.NextDeadlineAsync(ct);
    public ValueTask<bool> TryStartCooldownAsync(string key, string owner, DateTimeOffset now, TimeSpan cooldown, CancellationToken ct = default) => _inner.TryStartCooldownAsync(key, owner, now, cooldown, ct);
    public ValueTask SaveAlertAsync(Alert alert, CancellationToken ct = default) => _inner.SaveAlertAsync(alert, ct);
    public ValueTask<Alert?> GetAlertAsync(string alertId, CancellationToken ct = default) => _inner.GetAlertAsync(alertId, ct);
    public ValueTask DeadLetterAsync(Rejection rejection, CancellationToken ct = default) => _inner.DeadLetterAsync(rejection, ct);
    public ValueTask<IReadOnlyList<Rejection>> RecentDeadLettersAsync(int max, CancellationToken ct = default) => _inner.RecentDeadLettersAsync(max, ct);
}
