using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.State;

namespace RiskTriggers.Engine.Partitions;

/// <summary>
/// What a partition keeps about one interaction while it is open, and for the dedup horizon after it closes
/// (then only the event ids count). Plain mutable state: only its partition touches it, one event at a time.
/// </summary>
internal sealed class OpenInteraction(string interactionId)
{
    public string InteractionId { get; } = interactionId;
    public string? Channel { get; set; }
    public string? Queue { get; set; }
    public string? AgentId { get; set; }
    public string? CustomerTier { get; set; }
    public DateTimeOffset LastEventAt { get; set; }

    /// <summary>When it closed, or null while open.</summary>
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>The event ids it has seen (a field: the set is a struct updated in place).</summary>
    public EventIdSet SeenEvents;

    /// <summary>What the dissatisfaction model has read of the conversation so far (a field: updated in place).</summary>
    public Dissatisfaction.Conversation Conversation;

    // Made when first written: most interactions never signal nor alert.
    private List<string>? _signalKinds;
    private List<Cooldown>? _cooldowns;

    /// <summary>Signal kinds seen so far (few: one entry per kind).</summary>
    public IReadOnlyList<string> SignalKinds => (IReadOnlyList<string>?)_signalKinds ?? [];

    public PendingAbsence? ReplyDue { get; set; }
    public PendingAbsence? QueueWaitDue { get; set; }

    /// <summary>Per rule: until when it may not alert this interaction again, and the alert that started it.</summary>
    public List<Cooldown> Cooldowns => _cooldowns ??= new(1);

    public IReadOnlyList<Cooldown> CooldownsOrNone => (IReadOnlyList<Cooldown>?)_cooldowns ?? [];

    /// <summary>Set when its customer lets go of it: its queued timers are stale.</summary>
    public bool Released { get; set; }

    /// <summary>True when nothing will ever fire for it again, so it may be released.</summary>
    public bool IsQuiet => ReplyDue is null && QueueWaitDue is null;

    public void Merge(InteractionEvent e, StringPool pool)
    {
        Channel = pool.Intern(e.Channel) ?? Channel;
        Queue = pool.Intern(e.Queue) ?? Queue;
        AgentId = pool.Intern(e.AgentId) ?? AgentId;
        CustomerTier = pool.Intern(e.CustomerTier) ?? CustomerTier;
        if (e.OccurredAt > LastEventAt)
            LastEventAt = e.OccurredAt;
    }

    public PendingAbsence? Pending(DeadlineKind kind) => kind switch
    {
        DeadlineKind.ReplyOverdue => ReplyDue,
        DeadlineKind.QueueWaitExceeded => QueueWaitDue,
        _ => null,
    };

    public void SetPending(DeadlineKind kind, PendingAbsence? pending)
    {
        if (kind == DeadlineKind.ReplyOverdue)
            ReplyDue = pending;
        else if (kind == DeadlineKind.QueueWaitExceeded)
            QueueWaitDue = pending;
    }

    public void RecordSignal(string kind)
    {
        _signalKinds ??= new(1);
        if (!_signalKinds.Contains(kind))
            _signalKinds.Add(kind);
    }

    public void ForgetSignals() => _signalKinds = null;

    public Cooldown? CooldownOf(string rule)
    {
        if (_cooldowns is null)
            return null;
        foreach (var cooldown in _cooldowns)
        {
            if (cooldown.Rule == rule)
                return cooldown;
        }
        return null;
    }

    public InteractionState ToState(string customerId) =>
        new(InteractionId, customerId, Channel, Queue, AgentId, CustomerTier, LastEventAt);
}

/// <summary>A started clock of an absence trigger: the event that started it and when it falls due.</summary>
internal sealed record PendingAbsence(string EventId, DateTimeOffset StartedAt, DateTimeOffset DueAt);

/// <summary>A rule cooling down for an interaction, owned by the alert that started it.</summary>
internal sealed record Cooldown(string Rule, DateTimeOffset Until, string OwnerAlertId);
