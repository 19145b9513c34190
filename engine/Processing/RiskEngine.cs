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
public sealed class RiskEngine
{
    private readonly IStateStore _store;
    private readonly ISettingsSource _settings;
    private readonly EngineOptions _options;
    private readonly AlertRaiser _raiser;
    private readonly ISignalDetector[] _detectors;
    private readonly Dictionary<DeadlineKind, AbsenceDetector> _absences;

    public RiskEngine(IStateStore store, IDecider decider, ISettingsSource settings, PhraseSpotter spotter, EngineOptions? options = null)
    {
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
        if (!await _store.TryClaimEventAsync(e.EventId, e.OccurredAt, _options.DedupHorizon, ct))
            return EngineStep.DuplicateOf(e);

        // Read once: a settings switch while this event is handled applies from the next event on.
        var settings = _settings.Current;
        var interaction = await _store.TrackInteractionAsync(e, ct);
        var thresholds = settings.For(interaction.Channel, interaction.Queue, interaction.CustomerTier);
        var context = new DetectionContext(e, interaction, thresholds);
        var signals = new List<Signal>(1);
        foreach (var detector in _detectors)
        {
            if (await detector.DetectAsync(context, ct) is { } signal)
                signals.Add(signal);
        }

        var alerts = await RaiseAllAsync(signals, interaction, thresholds, ct);
        if (e.Type == EventType.InteractionClosed)
            await _store.ForgetInteractionAsync(e.InteractionId, ct);
        return new EngineStep(e.OccurredAt, e, false, signals, alerts, NextDeadline(context)) { SettingsVersion = settings.Version };
    }

    /// <summary>Claims the deadlines due at <paramref name="now"/> and turns them into signals and alerts.</summary>
    public async ValueTask<EngineStep> FireDueAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        var settings = _settings.Current;
        var signals = new List<Signal>();
        var alerts = new List<Alert>();
        foreach (var deadline in await _store.ClaimDueDeadlinesAsync(now, _options.DeadlineClaimBatch, ct))
        {
            if (!_absences.TryGetValue(deadline.Kind, out var detector) ||
                await _store.GetInteractionAsync(deadline.Subject, ct) is not { } interaction)
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
