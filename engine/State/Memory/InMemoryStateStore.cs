using RiskTriggers.Engine.Alerts;
using RiskTriggers.Engine.Events;

namespace RiskTriggers.Engine.State.Memory;

/// <summary>
/// The embedded store: the demo, replay, backtest and unit tests run on it. One lock keeps every call atomic,
/// which is all the contract asks; expired entries are swept as time (passed in by callers) moves on, so
/// memory stays bounded by what is live.
/// </summary>
public sealed class InMemoryStateStore : IStateStore
{
    private readonly Lock _gate = new();
    private readonly ExpiringSet _seenEvents = new();
    private readonly Dictionary<(string Customer, string Topic), List<(DateTimeOffset At, string EventId)>> _inquiries = new();
    private readonly Dictionary<string, InteractionState> _interactions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _signals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dissatisfaction.Conversation> _conversations = new(StringComparer.Ordinal);
    private readonly DeadlineBook _deadlines = new();
    private readonly Dictionary<string, (DateTimeOffset Until, string Owner)> _cooldowns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Alert> _alerts = new(StringComparer.Ordinal);
    private readonly BoundedLog<Rejection> _deadLetters;
    private DateTimeOffset _lastSweep = DateTimeOffset.MinValue;

    public InMemoryStateStore(int deadLetterCapacity = 100_000) => _deadLetters = new(deadLetterCapacity);

    /// <summary>How often expired dedup keys, windows and cooldowns are swept, in the callers' time.</summary>
    public TimeSpan SweepEvery { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Inquiry windows idle for longer than this are released.</summary>
    public TimeSpan MaxWindow { get; init; } = TimeSpan.FromDays(7);

    public ValueTask MarkEventProcessedAsync(InteractionEvent e, TimeSpan horizon, CancellationToken ct = default)
    {
        lock (_gate)
        {
            Sweep(e.OccurredAt);
            _seenEvents.Set(e.EventId, e.OccurredAt + horizon);
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<string>> RecordInquiryAsync(
        string customerId, string topic, string eventId, DateTimeOffset at, TimeSpan window, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (!_inquiries.TryGetValue((customerId, topic), out var times))
                _inquiries[(customerId, topic)] = times = [];
            if (!times.Exists(t => t.EventId == eventId))
                times.Insert(times.FindLastIndex(t => t.At <= at) + 1, (at, eventId));
            times.RemoveAll(t => t.At <= at - window);
            IReadOnlyList<string> ids = times.Select(t => t.EventId).ToArray();
            return ValueTask.FromResult(ids);
        }
    }

    public ValueTask<InteractionState?> TrackInteractionAsync(InteractionEvent e, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (_seenEvents.Contains(e.EventId, e.OccurredAt))
                return ValueTask.FromResult<InteractionState?>(null);
            var state = _interactions.TryGetValue(e.InteractionId, out var known)
                ? known with
                {
                    Channel = NonEmpty(e.Channel) ?? known.Channel,
                    Queue = NonEmpty(e.Queue) ?? known.Queue,
                    AgentId = NonEmpty(e.AgentId) ?? known.AgentId,
                    CustomerTier = NonEmpty(e.CustomerTier) ?? known.CustomerTier,
                    LastEventAt = e.OccurredAt > known.LastEventAt ? e.OccurredAt : known.LastEventAt,
                }
                : new InteractionState(
                    e.InteractionId, e.CustomerId, NonEmpty(e.Channel), NonEmpty(e.Queue), NonEmpty(e.AgentId),
                    NonEmpty(e.CustomerTier), e.OccurredAt);
            _interactions[e.InteractionId] = state;
            return ValueTask.FromResult<InteractionState?>(state);
        }
    }

    public ValueTask<InteractionState?> GetInteractionAsync(string interactionId, CancellationToken ct = default)
    {
        lock (_gate)
            return ValueTask.FromResult(_interactions.GetValueOrDefault(interactionId));
    }

    public ValueTask<IReadOnlySet<string>> RecordSignalAsync(string interactionId, string signalKind, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (!_signals.TryGetValue(interactionId, out var kinds))
                _signals[interactionId] = kinds = new HashSet<string>(StringComparer.Ordinal);
            kinds.Add(signalKind);
            IReadOnlySet<string> copy = kinds.ToHashSet(StringComparer.Ordinal);
            return ValueTask.FromResult(copy);
        }
    }

    public ValueTask<Dissatisfaction.Conversation> GetConversationAsync(string interactionId, CancellationToken ct = default)
    {
        lock (_gate)
            return ValueTask.FromResult(_conversations.GetValueOrDefault(interactionId));
    }

    public ValueTask SaveConversationAsync(string interactionId, Dissatisfaction.Conversation conversation, CancellationToken ct = default)
    {
        lock (_gate)
            _conversations[interactionId] = conversation;
        return ValueTask.CompletedTask;
    }

    public ValueTask ForgetInteractionAsync(string interactionId, CancellationToken ct = default)
    {
        lock (_gate)
        {
            _interactions.Remove(interactionId);
            _signals.Remove(interactionId);
            _conversations.Remove(interactionId);
            _deadlines.RemoveSubject(interactionId);
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> ScheduleDeadlineAsync(Deadline deadline, CancellationToken ct = default)
    {
        lock (_gate)
            return ValueTask.FromResult(_deadlines.TryAdd(deadline));
    }

    public ValueTask<bool> CancelDeadlineAsync(string key, CancellationToken ct = default)
    {
        lock (_gate)
            return ValueTask.FromResult(_deadlines.Remove(key));
    }

    public ValueTask<IReadOnlyList<Deadline>> ClaimDueDeadlinesAsync(DateTimeOffset now, int max, CancellationToken ct = default)
    {
        lock (_gate)
            return ValueTask.FromResult(_deadlines.TakeDue(now, max));
    }

    public ValueTask<DateTimeOffset?> NextDeadlineAsync(CancellationToken ct = default)
    {
        lock (_gate)
            return ValueTask.FromResult(_deadlines.NextDue);
    }

    public ValueTask<bool> TryStartCooldownAsync(string key, string owner, DateTimeOffset now, TimeSpan cooldown, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (_cooldowns.TryGetValue(key, out var running) && running.Until > now)
                return ValueTask.FromResult(string.Equals(running.Owner, owner, StringComparison.Ordinal));
            _cooldowns[key] = (now + cooldown, owner);
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask SaveAlertAsync(Alert alert, CancellationToken ct = default)
    {
        lock (_gate)
            _alerts[alert.AlertId] = alert;
        return ValueTask.CompletedTask;
    }

    public ValueTask<Alert?> GetAlertAsync(string alertId, CancellationToken ct = default)
    {
        lock (_gate)
            return ValueTask.FromResult(_alerts.GetValueOrDefault(alertId));
    }

    public ValueTask DeadLetterAsync(Rejection rejection, CancellationToken ct = default)
    {
        lock (_gate)
            _deadLetters.Add(rejection);
        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<Rejection>> RecentDeadLettersAsync(int max, CancellationToken ct = default)
    {
        lock (_gate)
            return ValueTask.FromResult(_deadLetters.Newest(max));
    }

    /// <summary>Entries held, for memory-bound tests and the open-interactions gauge.</summary>
    public (int Interactions, int InquiryWindows, int SeenEvents, int Deadlines, int Cooldowns) Counts()
    {
        lock (_gate)
            return (_interactions.Count, _inquiries.Count, _seenEvents.Count, _deadlines.Count, _cooldowns.Count);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private void Sweep(DateTimeOffset now)
    {
        if (now - _lastSweep < SweepEvery)
            return;
        _lastSweep = now;
        _seenEvents.RemoveExpired(now);
        foreach (var key in _cooldowns.Where(c => c.Value.Until <= now).Select(c => c.Key).ToList())
            _cooldowns.Remove(key);
        // A window whose newest inquiry is older than any sane window (a week) can no longer count.
        foreach (var key in _inquiries.Where(i => i.Value.Count == 0 || i.Value[^1].At < now - MaxWindow).Select(i => i.Key).ToList())
            _inquiries.Remove(key);
    }
}
