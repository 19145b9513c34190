using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.State;

namespace RiskTriggers.Engine.Partitions;

/// <summary>
/// What a partition keeps about one interaction while it is open, and for the dedup horizon after it closes
/// (then only the event ids count). Plain mutable state: only its partition touches it, one event at a time.
/// </summary>
/// <remarks>
/// Every interaction of the day is held at the generated day's peak (it closes less than a dedup horizon before
/// it), so each field counts: channel, queue, agent and tier are one pooled <see cref="InteractionContext"/>,
/// not four references; the times are ticks and offsets, not (nullable) DateTimeOffsets; cooldowns are an
/// exact-size array of values, not a list of objects.
/// </remarks>
internal sealed class OpenInteraction(string interactionId)
{
    private InteractionContext? _context;

    // Times as clock ticks and offset minutes, not DateTimeOffsets (16 bytes each with their padding): the
    // offsets pack beside the other small fields. A close time of 0 ticks means open.
    private long _lastEventTicks;
    private long _closedTicks;
    private short _lastEventOffset;
    private short _closedOffset;

    public string InteractionId { get; } = interactionId;
    public string? Channel => _context?.Channel;
    public string? Queue => _context?.Queue;
    public string? AgentId => _context?.AgentId;
    public string? CustomerTier => _context?.CustomerTier;
    public DateTimeOffset LastEventAt
    {
        get => new(_lastEventTicks, TimeSpan.FromMinutes(_lastEventOffset));
        set => (_lastEventTicks, _lastEventOffset) = (value.Ticks, (short)value.Offset.TotalMinutes);
    }

    /// <summary>When it closed, or null while open.</summary>
    public DateTimeOffset? ClosedAt
    {
        get => _closedTicks == 0 ? null : new DateTimeOffset(_closedTicks, TimeSpan.FromMinutes(_closedOffset));
        set => (_closedTicks, _closedOffset) = value is { } at ? (at.Ticks, (short)at.Offset.TotalMinutes) : (0L, (short)0);
    }

    /// <summary>The event ids it has seen (a field: the set is a struct updated in place).</summary>
    public EventIdSet SeenEvents;

    /// <summary>What the dissatisfaction model has read of the conversation so far (a field: updated in place).</summary>
    public Dissatisfaction.Conversation Conversation;

    // Made when first written: most interactions never signal nor alert.
    private List<string>? _signalKinds;
    private Cooldown[]? _cooldowns; // exact size: one or two rules at most, replaced on a change

    /// <summary>Signal kinds seen so far (few: one entry per kind).</summary>
    public IReadOnlyList<string> SignalKinds => (IReadOnlyList<string>?)_signalKinds ?? [];

    public PendingAbsence? ReplyDue { get; set; }
    public PendingAbsence? QueueWaitDue { get; set; }

    /// <summary>Per rule: until when it may not alert this interaction again, and the alert that started it (oldest first).</summary>
    public ReadOnlySpan<Cooldown> Cooldowns => _cooldowns;

    /// <summary>Starts a rule's cooldown, replacing the one it had (the new one goes last, as it started last).</summary>
    public void StartCooldown(Cooldown cooldown)
    {
        var kept = 0;
        foreach (var held in Cooldowns)
        {
            if (held.Rule != cooldown.Rule)
                kept++;
        }
        var cooldowns = new Cooldown[kept + 1];
        var i = 0;
        foreach (var held in Cooldowns)
        {
            if (held.Rule != cooldown.Rule)
                cooldowns[i++] = held;
        }
        cooldowns[i] = cooldown;
        _cooldowns = cooldowns;
    }

    /// <summary>Set when its customer lets go of it: its queued timers are stale.</summary>
    public bool Released { get; set; }

    /// <summary>True when nothing will ever fire for it again, so it may be released.</summary>
    public bool IsQuiet => ReplyDue is null && QueueWaitDue is null;

    /// <summary>Takes the event's channel, queue, agent and tier where it gives them, and its time if later.</summary>
    public void Merge(InteractionEvent e, StringPool pool)
    {
        SetContext(pool, pool.Intern(e.Channel) ?? Channel, pool.Intern(e.Queue) ?? Queue,
            pool.Intern(e.AgentId) ?? AgentId, pool.Intern(e.CustomerTier) ?? CustomerTier);
        if (e.OccurredAt > LastEventAt)
            LastEventAt = e.OccurredAt;
    }

    public void SetContext(StringPool pool, string? channel, string? queue, string? agentId, string? customerTier)
    {
        if (_context is { } held && held.Is(channel, queue, agentId, customerTier))
            return;
        _context = channel is null && queue is null && agentId is null && customerTier is null
            ? null
            : pool.Context(channel, queue, agentId, customerTier);
    }

    /// <summary>Forgets channel, queue, agent and tier (a reopened interaction takes them from its new events).</summary>
    public void ForgetContext() => _context = null;

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
        foreach (var cooldown in Cooldowns)
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
internal readonly record struct Cooldown(string Rule, DateTimeOffset Until, string OwnerAlertId);
