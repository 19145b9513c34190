using System.ComponentModel.DataAnnotations;
using System.Reactive.Concurrency;
using System.Reactive.Subjects;
using RiskTriggers.Engine.Alerts;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Pipeline;
using RiskTriggers.Engine.Processing;
using RiskTriggers.Engine.Settings;

namespace RiskTriggers.Engine.Shadow;

/// <summary>
/// Runs a candidate settings version beside the live one: a second engine, on its own isolated state store,
/// gets the same events (<see cref="OnEvent"/>) through the same pipeline on the same scheduler. Its alerts are
/// recorded, never delivered, next to the live alerts (<see cref="OnLiveStep"/>) of the same period, and
/// <see cref="Report"/> compares the two. One shadow at a time; starting another replaces it.
/// </summary>
public sealed class ShadowRun : IDisposable
{
    private readonly Func<RiskSettings, IRiskEngine> _createEngine;
    private readonly IScheduler _scheduler;
    private readonly ShadowOptions _options;
    private ShadowSession? _session;

    /// <param name="createEngine">An engine for the candidate, on a store of its own (never the live one).</param>
    /// <param name="scheduler">The live pipeline's clock, so the candidate's deadlines fire at the same times.</param>
    /// <exception cref="ValidationException">The options are invalid.</exception>
    public ShadowRun(Func<RiskSettings, IRiskEngine> createEngine, IScheduler scheduler, ShadowOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(createEngine);
        ArgumentNullException.ThrowIfNull(scheduler);
        _options = options ?? new ShadowOptions();
        Validator.ValidateObject(_options, new ValidationContext(_options), validateAllProperties: true);
        _createEngine = createEngine;
        _scheduler = scheduler;
    }

    /// <summary>The shadow running now, or null.</summary>
    public ShadowStatus? Status => Volatile.Read(ref _session)?.Status();

    /// <summary>Starts shadowing <paramref name="candidate"/>, replacing any shadow running.</summary>
    /// <param name="name">How reports name the candidate; default "vN" after its version.</param>
    public ShadowStatus Start(RiskSettings candidate, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var session = new ShadowSession(_createEngine(candidate), _scheduler, name ?? $"v{candidate.Version}", candidate, _options.MaxAlertsPerSide);
        Interlocked.Exchange(ref _session, session)?.Dispose();
        return session.Status();
    }

    /// <summary>Stops the shadow; returns false if none was running.</summary>
    public bool Stop()
    {
        var session = Interlocked.Exchange(ref _session, null);
        session?.Dispose();
        return session is not null;
    }

    /// <summary>An event the live engine gets: the tap that feeds the candidate.</summary>
    public void OnEvent(InteractionEvent e) => Volatile.Read(ref _session)?.Feed(e);

    /// <summary>A step of the live pipeline: its alerts are recorded while a shadow runs.</summary>
    public void OnLiveStep(EngineStep step) => Volatile.Read(ref _session)?.RecordLive(step);

    /// <summary>The comparison so far, or null if no shadow runs.</summary>
    public ShadowRunReport? Report(int examples = ShadowReport.DefaultExamples) => Volatile.Read(ref _session)?.Report(examples);

    public void Dispose() => Stop();
}

/// <summary>A running shadow: what it runs, since when, and what it has seen so far.</summary>
public sealed record ShadowStatus(
    string Candidate,
    int CandidateVersion,
    DateTimeOffset StartedAt,
    long Events,
    IReadOnlyList<int> LiveVersions,
    int LiveAlerts,
    int CandidateAlerts,
    int FailedSteps,
    bool Truncated);

/// <summary>A shadow's status with its comparison of live and candidate alerts.</summary>
public sealed record ShadowRunReport(ShadowStatus Status, ShadowReport Comparison);

internal sealed class ShadowSession : IDisposable
{
    private readonly Lock _gate = new();
    private readonly ISubject<InteractionEvent> _events = Subject.Synchronize(new Subject<InteractionEvent>());
    private readonly List<Alert> _live = [];
    private readonly List<Alert> _candidate = [];
    private readonly SortedSet<int> _liveVersions = [];
    private readonly IDisposable _subscription;
    private readonly string _name;
    private readonly RiskSettings _settings;
    private readonly DateTimeOffset _startedAt;
    private readonly int _maxAlerts;
    private long _eventCount;
    private int _failed;
    private bool _truncated;

    public ShadowSession(IRiskEngine engine, IScheduler scheduler, string name, RiskSettings settings, int maxAlerts)
    {
        _name = name;
        _settings = settings;
        _maxAlerts = maxAlerts;
        _startedAt = scheduler.Now;
        _subscription = _events.Process(engine, scheduler).Subscribe(RecordCandidate);
    }

    public void Feed(InteractionEvent e)
    {
        Interlocked.Increment(ref _eventCount);
        _events.OnNext(e);
    }

    public void RecordLive(EngineStep step)
    {
        lock (_gate)
        {
            if (step.Event is not null || step.Alerts.Count > 0)
                _liveVersions.Add(step.SettingsVersion);
            Keep(_live, step.Alerts);
        }
    }

    public ShadowStatus Status()
    {
        lock (_gate)
        {
            return new ShadowStatus(_name, _settings.Version, _startedAt, Interlocked.Read(ref _eventCount),
                _liveVersions.ToList(), _live.Count, _candidate.Count, _failed, _truncated);
        }
    }

    public ShadowRunReport Report(int examples)
    {
        lock (_gate)
            return new ShadowRunReport(Status(), ShadowReport.Compare(_live, _candidate, examples));
    }

    public void Dispose() => _subscription.Dispose();

    private void RecordCandidate(EngineStep step)
    {
        lock (_gate)
        {
            if (step.Failure is not null)
                _failed++;
            Keep(_candidate, step.Alerts);
        }
    }

    private void Keep(List<Alert> side, IReadOnlyList<Alert> alerts)
    {
        foreach (var alert in alerts)
        {
            if (side.Count < _maxAlerts)
                side.Add(alert);
            else
                _truncated = true;
        }
    }
}
