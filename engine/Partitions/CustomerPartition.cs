using RiskTriggers.Engine.Alerts;
using RiskTriggers.Engine.Decisions;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Processing;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Engine.Signals;
using RiskTriggers.Engine.Signals.Detectors;
using RiskTriggers.Engine.State;

namespace RiskTriggers.Engine.Partitions;

/// <summary>
/// A share of the customers and everything about them, handled synchronously by one processor at a time:
/// no lock, no async call, no copy per event. Time is only what callers pass in (event timestamps, the
/// scheduler's now), so a replay on a virtual clock gives the same result as the live run.
/// </summary>
public sealed partial class CustomerPartition
{
    private readonly Dictionary<string, CustomerState> _customers = new(StringComparer.Ordinal);
    private readonly DueQueue _due = new();
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);
    private readonly StringPool _pool = new();
    private readonly ISettingsSource _settings;
    private readonly IDecider _decider;
    private readonly NegativePhraseDetector _phrases;
    private readonly DissatisfactionDetector? _dissatisfaction;
    private readonly EngineOptions _options;
    private readonly AbsenceDetector[] _absences = [new ReplyOverdueDetector(), new QueueWaitDetector()];

    internal CustomerPartition(ISettingsSource settings, IDecider decider, NegativePhraseDetector phrases, EngineOptions options, DissatisfactionDetector? dissatisfaction = null)
    {
        _dissatisfaction = dissatisfaction;
        _settings = settings;
        _decider = decider;
        _phrases = phrases;
        _options = options;
    }

    /// <summary>Held by a caller that shares the partition between threads, for one step at a time.</summary>
    public Lock Gate { get; } = new();

    /// <summary>Customers held (open interactions, windows or unacknowledged alerts).</summary>
    public int Customers => _customers.Count;

    /// <summary>Interactions held, open or closed and kept for dedup.</summary>
    public int Interactions { get; private set; }

    /// <summary>Timer entries queued (deadlines, ack timeouts, housekeeping; a stale one counts until it comes up), for the gauge.</summary>
    public int TimerEntries => _due.Count;

    /// <summary>When the earliest queued timer entry is due (may be a stale one: waking for it is harmless).</summary>
    public DateTimeOffset? NextDue => _due.TryPeek(out var next) ? next.DueAt : null;

    public EngineStep Handle(InteractionEvent e)
    {
        var customer = GetOrAddCustomer(e.CustomerId);
        var interaction = Track(customer, e);
        if (interaction is null)
            return EngineStep.DuplicateOf(e);
        MarkChanged(customer.CustomerId);
        var settings = _settings.Current;
        var thresholds = settings.For(interaction.Channel, interaction.Queue, interaction.CustomerTier);
        List<Signal>? signals = null;
        if (InquiryRepeatedBy(customer, e, thresholds) is { } repeated)
            (signals ??= new(1)).Add(repeated);
        if (_phrases.Detect(e, thresholds) is { } phrase)
            (signals ??= new(1)).Add(phrase);
        if (_dissatisfaction?.Detect(e, ref interaction.Conversation, thresholds) is { } predicted)
            (signals ??= new(1)).Add(predicted);
        DateTimeOffset? next = null;
        foreach (var absence in _absences)
            next = Earliest(next, StartOrStop(absence, customer, interaction, e, thresholds));

        var (alerts, outcomes) = Raise(signals, customer, interaction, thresholds, e.OccurredAt, ref next);
        if (e.Type == EventType.InteractionClosed)
            Close(interaction, e.OccurredAt);
        next = Earliest(next, QueueHousekeepingAfter(customer, interaction, e));
        return new EngineStep(e.OccurredAt, e, false, (IReadOnlyList<Signal>?)signals ?? [], alerts, next)
        {
            SettingsVersion = settings.Version, Outcomes = outcomes,
        };
    }

    /// <summary>Fires everything due at or before <paramref name="now"/>: absence deadlines, ack timeouts, housekeeping.</summary>
    public EngineStep FireDue(DateTimeOffset now)
    {
        var settings = _settings.Current;
        var work = TakeDue(now);
        // Made when first needed: most wake-ups find only stale entries or housekeeping.
        List<Signal>? signals = null;
        List<SignalOutcome>? outcomes = null;
        List<Alert>? alerts = null;
        List<AlertEscalation>? escalations = null;
        DateTimeOffset? next = null;
        foreach (var item in work)
        {
            MarkChanged(item.Customer.CustomerId);
            switch (item.Kind)
            {
                case DueKind.AckTimeout:
                    (escalations ??= []).Add(Escalate(item));
                    break;
                case DueKind.Housekeeping:
                    next = Earliest(next, Housekeep(item.Customer, now));
                    break;
                default:
                    // A deadline started, stopped and started again at one instant has two entries, both live when
                    // taken: the first fires it, the second finds it gone.
                    if (item.Interaction!.Pending(DeadlineOf(item.Kind)) is null)
                        continue;
                    var signal = AbsenceSignal(item, now);
                    (signals ??= []).Add(signal);
                    var interaction = item.Interaction!;
                    var thresholds = settings.For(interaction.Channel, interaction.Queue, interaction.CustomerTier);
                    var outcome = Decide(signal, item.Customer, interaction, thresholds, now, alerts ??= [], ref next);
                    (outcomes ??= []).Add(outcome);
                    break;
            }
        }
        work.Clear();
        return new EngineStep(now, null, false, (IReadOnlyList<Signal>?)signals ?? [], (IReadOnlyList<Alert>?)alerts ?? [], Earliest(next, NextDue))
        {
            SettingsVersion = settings.Version, Outcomes = (IReadOnlyList<SignalOutcome>?)outcomes ?? [],
            Escalations = (IReadOnlyList<AlertEscalation>?)escalations ?? [],
        };
    }

    /// <summary>Stops an alert's ack timeout: true if it was still waiting to be acknowledged.</summary>
    public bool Acknowledge(string customerId, string alertId)
    {
        if (!_customers.TryGetValue(customerId, out var customer))
            return false;
        var removed = customer.PendingAcksOrNone.Count > 0 && customer.PendingAcks.RemoveAll(a => a.AlertId == alertId) > 0;
        customer.ReleaseEmptyAcks();
        if (removed)
            MarkChanged(customerId);
        return removed;
    }

    /// <summary>The customers whose state changed since the last call; a customer with no state left is reported too (its snapshot is null).</summary>
    public IReadOnlyCollection<string> TakeChanged()
    {
        if (!_options.TrackChanges)
            throw new InvalidOperationException("This engine does not track changed customers: set EngineOptions.TrackChanges.");
        var changed = _changed.ToArray();
        _changed.Clear();
        return changed;
    }

    private void MarkChanged(string customerId)
    {
        if (_options.TrackChanges)
            _changed.Add(customerId);
    }

    private CustomerState GetOrAddCustomer(string customerId)
    {
        if (!_customers.TryGetValue(customerId, out var customer))
            _customers.Add(customerId, customer = new CustomerState(customerId));
        return customer;
    }

    /// <summary>The interaction with the event merged in; null when the interaction already saw the event.</summary>
    private OpenInteraction? Track(CustomerState customer, InteractionEvent e)
    {
        if (!customer.Interactions.TryGetValue(e.InteractionId, out var interaction))
        {
            customer.Interactions.Add(interaction = new OpenInteraction(e.InteractionId));
            Interactions++;
        }
        if (!interaction.SeenEvents.Add(e.EventId))
            return null;
        if (interaction.ClosedAt is not null)
            Reopen(interaction);
        interaction.Merge(e, _pool);
        return interaction;
    }

    private InquiryRepeated? InquiryRepeatedBy(CustomerState customer, InteractionEvent e, Thresholds thresholds)
    {
        if (e.Type != EventType.Inquiry)
            return null;
        var threshold = thresholds.InquiryRepeated;
        var topic = _pool.Intern(e.Topic)!;
        if (customer.WindowOf(topic) is not { } window)
            customer.AddWindow(window = new InquiryWindow(topic));
        window.Add(e.OccurredAt, e.EventId, threshold.Window);
        if (window.Count <= threshold.MoreThan)
            return null;
        var ids = new List<string>(window.Count);
        foreach (var entry in window.Entries)
            ids.Add(entry.EventId);
        return new InquiryRepeated(e.InteractionId, e.CustomerId, e.OccurredAt, topic, ids.Count, threshold.MoreThan, threshold.Window, ids);
    }

    /// <summary>Starts the absence clock (unless one is running) or stops it; returns a newly queued due time.</summary>
    private DateTimeOffset? StartOrStop(AbsenceDetector absence, CustomerState customer, OpenInteraction interaction, InteractionEvent e, Thresholds thresholds)
    {
        if (e.Type == absence.StoppedBy)
            interaction.SetPending(absence.Kind, null);
        if (e.Type != absence.StartedBy || interaction.Pending(absence.Kind) is not null)
            return null;
        var due = e.OccurredAt + absence.After(thresholds) + AbsenceDetector.Resolution;
        interaction.SetPending(absence.Kind, new PendingAbsence(e.EventId, e.OccurredAt, due));
        Enqueue(new DueWork(due, KindOf(absence.Kind), customer, interaction, null));
        return due;
    }

    private Signal AbsenceSignal(DueWork item, DateTimeOffset now)
    {
        var kind = DeadlineOf(item.Kind);
        var interaction = item.Interaction!;
        var pending = interaction.Pending(kind)!;
        interaction.SetPending(kind, null);
        var deadline = new Deadline(kind, interaction.InteractionId, item.Customer.CustomerId, pending.EventId, pending.StartedAt, pending.DueAt);
        var absence = _absences[0].Kind == kind ? _absences[0] : _absences[1];
        return absence.ToSignal(deadline, now);
    }

    private void Close(OpenInteraction interaction, DateTimeOffset at)
    {
        interaction.ClosedAt = at;
        interaction.ReplyDue = null;
        interaction.QueueWaitDue = null;
        // Kept for the dedup horizon, it needs its ids and cooldowns; its signal kinds are read again only after
        // a reopen, which forgets them anyway. Its seen ids keep their spare room: a trimmed copy made at close
        // left the old array to die in the old generation, which background collections reclaim late (peak RSS
        // on the generated day 2-4 MB higher with the trim than without, for 24 bytes less per closed interaction).
        interaction.ForgetSignals();
    }

    /// <summary>
    /// A closed interaction getting a new event starts afresh as to its context (channel, queue, agent, tier) and
    /// signal history, keeping its seen ids, cooldowns and the model's reading of the conversation (the customer's
    /// words so far are still theirs: the model scores the whole interaction, as it does for one never closed).
    /// </summary>
    private static void Reopen(OpenInteraction interaction)
    {
        interaction.ClosedAt = null;
        interaction.ForgetContext();
        interaction.ForgetSignals();
    }

    private void Enqueue(DueWork work) => _due.Enqueue(work);

    private static DeadlineKind DeadlineOf(DueKind kind) =>
        kind == DueKind.ReplyOverdue ? DeadlineKind.ReplyOverdue : DeadlineKind.QueueWaitExceeded;

    private static DueKind KindOf(DeadlineKind kind) =>
        kind == DeadlineKind.ReplyOverdue ? DueKind.ReplyOverdue : DueKind.QueueWaitExceeded;

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;
}
