using RiskTriggers.Engine.Dissatisfaction;
using RiskTriggers.Engine.Alerts;
using RiskTriggers.Engine.Decisions;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Engine.Signals;
using RiskTriggers.Engine.Signals.Detectors;
using RiskTriggers.Engine.Signals.Phrases;
using RiskTriggers.Engine.State;

namespace RiskTriggers.Engine.Processing;

/// <summary>
/// One step of the pipeline: an event through the detectors into the rules, or due deadlines into signals.
/// It keeps no state of its own (all of it is in <see cref="IStateStore"/>) and reads no clock: event
/// timestamps and the scheduler's "now" are the only times it knows.
/// </summary>
public sealed class RiskEngine : IRiskEngine
{
    private readonly IStateStore _store;
    private readonly ISettingsSource _settings;
    private readonly EngineOptions _options;
    private readonly AlertRaiser _raiser;
    private readonly ISignalDetector[] _detectors;
    private readonly Dictionary<DeadlineKind, AbsenceDetector> _absences;
    private readonly DissatisfactionDetector? _dissatisfaction;

    public RiskEngine(IStateStore store, IDecider decider, ISettingsSource settings, PhraseSpotter spotter, EngineOptions? options = null, DissatisfactionModel? model = null)
    {
        _dissatisfaction = model is null ? null : new DissatisfactionDetector(model);
        _store = store;
        _settings = settings;
        _options = options ?? new EngineOptions();
        _raiser = new AlertRaiser(store, decider);
        AbsenceDetector[] absences = [new ReplyOverdueDetector(store), new QueueWaitDetector(store)];
        _absences = absences.ToDictionary(a => a.Kind);
        _detectors = [new InquiryRepeatedDetector(store), new NegativePhraseDetector(spotter), .. absences];
    }

    public IStateStore Store => _store;

    public async ValueTask<EngineStep> HandleAsync(InteractionEvent e, CancellationToken ct = default)
    {
        // The duplicate check rides on the call that tracks the interaction. The event is marked processed only
        // after all its effects are stored: a host dying in between leaves it to be processed again, and every
        // effect is idempotent for a redelivered event (inquiries keyed by event id, deadlines scheduled only if
        // absent, alert ids derived from the event, cooldowns owned by the alert they let through).
        if (await _store.TrackInteractionAsync(e, ct) is not { } interaction)
            return EngineStep.DuplicateOf(e);
        // Read once: a settings switch while this event is handled applies from the next event on.
        var settings = _settings.Current;
        var thresholds = settings.For(interaction.Channel, interaction.Queue, interaction.CustomerTier);
        var context = new DetectionContext(e, interaction, thresholds);
        var signals = new List<Signal>(1);
        foreach (var detector in _detectors)
        {
            if (await detector.DetectAsync(context, ct) is { } signal)
                signals.Add(signal);
        }
        if (await DissatisfactionAsync(e, thresholds, ct) is { } predicted)
            signals.Add(predicted);

        var alerts = await RaiseAllAsync(signals, interaction, thresholds, ct);
        if (e.Type == EventType.InteractionClosed)
            await _store.ForgetInteractionAsync(e.InteractionId, ct);
        await _store.MarkEventProcessedAsync(e, _options.DedupHorizon, ct);
        return new EngineStep(e.OccurredAt, e, false, signals, alerts, NextDeadline(context)) { SettingsVersion = settings.Version };
    }

    /// <summary>Scores a message on the conversation so far, kept in the store like every other state.</summary>
    private async ValueTask<Signal?> DissatisfactionAsync(InteractionEvent e, Thresholds thresholds, CancellationToken ct)
    {
        // Turned off, the detector reads nothing: skip its two store calls too.
        if (_dissatisfaction is null || !thresholds.Dissatisfaction.Enabled ||
            !(e.Type is EventType.InteractionClosed || e.Type is EventType.CustomerMessage or EventType.AgentMessage && !string.IsNullOrEmpty(e.Text)))
            return null;
        var conversation = await _store.GetConversationAsync(e.InteractionId, ct);
        var signal = _dissatisfaction.Detect(e, ref conversation, thresholds);
        // At the close the conversation is released with the interaction: nothing to save.
        if (e.Type != EventType.InteractionClosed)
            await _store.SaveConversationAsync(e.InteractionId, conversation, ct);
        return signal;
    }

    /// <summary>Claims the deadlines due at <paramref name="now"/> and turns them into signals and alerts.</summary>
    public async ValueTask<EngineStep> FireDueAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        var settings = _settings.Current;
        var signals = new List<Signal>();
        var alerts = new List<Alert>();
        var due = await _store.ClaimDueDeadlinesAsync(now, _options.DeadlineClaimBatch, ct);
        // The interactions are read together: one pipelined round trip on Redis instead of one per deadline.
        var interactions = await Task.WhenAll(due.Select(deadline => _store.GetInteractionAsync(deadline.Subject, ct).AsTask()));
        foreach (var (deadline, found) in due.Zip(interactions))
        {
            if (!_absences.TryGetValue(deadline.Kind, out var detector) || found is not { } interaction)
                continue;
            var signal = detector.ToSignal(deadline, now);
            signals.Add(signal);
            var thresholds = settings.For(interaction.Channel, interaction.Queue, interaction.CustomerTier);
            if (await _raiser.RaiseAsync(signal, interaction, thresholds, ct) is { } alert)
                alerts.Add(alert);
        }
        return new EngineStep(now, null, false, signals, alerts, await _store.NextDeadlineAsync(ct)) { SettingsVersion = settings.Version };
    }

    private async ValueTask<IReadOnlyList<Alert>> RaiseAllAsync(
        List<Signal> signals, State.InteractionState interaction, Thresholds thresholds, CancellationToken ct)
    {
        if (signals.Count == 0)
            return [];
        var alerts = new List<Alert>(signals.Count);
        foreach (var signal in signals)
        {
            if (await _raiser.RaiseAsync(signal, interaction, thresholds, ct) is { } alert)
                alerts.Add(alert);
        }
        return alerts;
    }

    private DateTimeOffset? NextDeadline(DetectionContext context)
    {
        DateTimeOffset? next = null;
        foreach (var absence in _absences.Values)
        {
            if (absence.DueFor(context) is { } due && (next is null || due < next))
                next = due;
        }
        return next;
    }
}
