using System.Runtime.CompilerServices;
using RiskTriggers.Engine.Alerts;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.State;

namespace RiskTriggers.Engine.Tests.Support;

/// <summary>
/// A store decorator for engine tests: counts the calls per method (on Redis each call is one round trip,
/// see RedisStateStore) and can make the next call of a method fail, as a host dying at that point would.
/// </summary>
internal sealed class InstrumentedStateStore(IStateStore inner) : IStateStore
{
    private readonly Dictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly HashSet<string> _failNext = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, int> Calls => _calls;

    public int TotalCalls => _calls.Values.Sum();

    public void ResetCounts() => _calls.Clear();

    /// <summary>The next call of <paramref name="method"/> (e.g. nameof(SaveAlertAsync)) throws instead of running.</summary>
    public void FailNext(string method) => _failNext.Add(method);

    public ValueTask MarkEventProcessedAsync(InteractionEvent e, TimeSpan horizon, CancellationToken ct = default) =>
        Call(() => inner.MarkEventProcessedAsync(e, horizon, ct));

    public ValueTask<IReadOnlyList<string>> RecordInquiryAsync(
        string customerId, string topic, string eventId, DateTimeOffset at, TimeSpan window, CancellationToken ct = default) =>
        Call(() => inner.RecordInquiryAsync(customerId, topic, eventId, at, window, ct));

    public ValueTask<InteractionState?> TrackInteractionAsync(InteractionEvent e, CancellationToken ct = default) =>
        Call(() => inner.TrackInteractionAsync(e, ct));

    public ValueTask<InteractionState?> GetInteractionAsync(string interactionId, CancellationToken ct = default) =>
        Call(() => inner.GetInteractionAsync(interactionId, ct));

    public ValueTask<IReadOnlySet<string>> RecordSignalAsync(string interactionId, string signalKind, CancellationToken ct = default) =>
        Call(() => inner.RecordSignalAsync(interactionId, signalKind, ct));

    public ValueTask<Engine.Dissatisfaction.Conversation> GetConversationAsync(string interactionId, CancellationToken ct = default) =>
        Call(() => inner.GetConversationAsync(interactionId, ct));

    public ValueTask SaveConversationAsync(string interactionId, Engine.Dissatisfaction.Conversation conversation, CancellationToken ct = default) =>
        Call(() => inner.SaveConversationAsync(interactionId, conversation, ct));

    public ValueTask ForgetInteractionAsync(string interactionId, CancellationToken ct = default) =>
        Call(() => inner.ForgetInteractionAsync(interactionId, ct));

    public ValueTask<bool> ScheduleDeadlineAsync(Deadline deadline, CancellationToken ct = default) =>
        Call(() => inner.ScheduleDeadlineAsync(deadline, ct));

    public ValueTask<bool> CancelDeadlineAsync(string key, CancellationToken ct = default) =>
        Call(() => inner.CancelDeadlineAsync(key, ct));

    public ValueTask<IReadOnlyList<Deadline>> ClaimDueDeadlinesAsync(DateTimeOffset now, int max, CancellationToken ct = default) =>
        Call(() => inner.ClaimDueDeadlinesAsync(now, max, ct));

    public ValueTask<DateTimeOffset?> NextDeadlineAsync(CancellationToken ct = default) =>
        Call(() => inner.NextDeadlineAsync(ct));

    public ValueTask<bool> TryStartCooldownAsync(string key, string owner, DateTimeOffset now, TimeSpan cooldown, CancellationToken ct = default) =>
        Call(() => inner.TryStartCooldownAsync(key, owner, now, cooldown, ct));

    public ValueTask SaveAlertAsync(Alert alert, CancellationToken ct = default) =>
        Call(() => inner.SaveAlertAsync(alert, ct));

    public ValueTask<Alert?> GetAlertAsync(string alertId, CancellationToken ct = default) =>
        Call(() => inner.GetAlertAsync(alertId, ct));

    public ValueTask DeadLetterAsync(Rejection rejection, CancellationToken ct = default) =>
        Call(() => inner.DeadLetterAsync(rejection, ct));

    public ValueTask<IReadOnlyList<Rejection>> RecentDeadLettersAsync(int max, CancellationToken ct = default) =>
        Call(() => inner.RecentDeadLettersAsync(max, ct));

    private ValueTask<T> Call<T>(Func<ValueTask<T>> call, [CallerMemberName] string method = "")
    {
        Count(method);
        return call();
    }

    private ValueTask Call(Func<ValueTask> call, [CallerMemberName] string method = "")
    {
        Count(method);
        return call();
    }

    private void Count(string method)
    {
        _calls[method] = _calls.GetValueOrDefault(method) + 1;
        if (_failNext.Remove(method))
            throw new IOException($"injected failure in {method}");
    }
}
