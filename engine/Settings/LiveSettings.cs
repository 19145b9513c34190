using System.ComponentModel.DataAnnotations;
using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using RiskTriggers.Engine.Settings.History;

namespace RiskTriggers.Engine.Settings;

/// <summary>
/// The settings in force on this host, following the <see cref="ISettingsStore"/>: loaded at start, reloaded on
/// every change notification and re-checked every <see cref="LiveSettingsOptions.RecheckInterval"/>.
/// <see cref="Current"/> is one reference swapped atomically, so an event that reads it once sees one version
/// whole. Versions only move forward: a slow load of an older version never replaces a newer one.
/// </summary>
public sealed class LiveSettings : ISettingsSource, IDisposable
{
    private readonly ISettingsStore _store;
    private readonly IScheduler _scheduler;
    private readonly LiveSettingsOptions _options;
    private readonly ISubject<RiskSettings> _switched = Subject.Synchronize(new Subject<RiskSettings>());
    private readonly ISubject<Exception> _faults = Subject.Synchronize(new Subject<Exception>());
    private RiskSettings _current = RiskSettings.BuiltIn;
    private IDisposable? _following;

    /// <param name="store">Where the versions are.</param>
    /// <param name="scheduler">The clock of the periodic re-check.</param>
    /// <exception cref="ValidationException">The options are invalid.</exception>
    public LiveSettings(ISettingsStore store, IScheduler scheduler, LiveSettingsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(scheduler);
        _options = options ?? new LiveSettingsOptions();
        Validator.ValidateObject(_options, new ValidationContext(_options), validateAllProperties: true);
        _store = store;
        _scheduler = scheduler;
    }

    /// <summary>The settings in force: the built-in defaults until <see cref="StartAsync"/> loaded the current version.</summary>
    public RiskSettings Current => Volatile.Read(ref _current);

    /// <summary>Each settings version this instance switched to, once it is <see cref="Current"/>.</summary>
    public IObservable<RiskSettings> Switched => _switched.AsObservable();

    /// <summary>Loads that failed (store unreachable, invalid stored document); the settings in force stay.</summary>
    public IObservable<Exception> Faults => _faults.AsObservable();

    /// <summary>
    /// Starts following the store (first, so no change is missed), then loads the current version.
    /// A failure of this first load is thrown: a host should not start on settings it could not read.
    /// </summary>
    public async Task StartAsync(CancellationToken ct = default)
    {
        if (_following is not null)
            throw new InvalidOperationException("LiveSettings already started");
        var notified = _store.Changes.Select(version => (int?)version);
        var rechecks = Observable.Interval(_options.RecheckInterval, _scheduler).Select(_ => (int?)null);
        _following = notified.Merge(rechecks)
            .Select(version => Observable.FromAsync(token => ReloadQuietlyAsync(version, token)))
            .Concat()
            .Subscribe();
        await ReloadAsync(ct);
    }

    /// <summary>Loads the store's current version and switches to it if it is newer. Returns whether it switched.</summary>
    public async Task<bool> ReloadAsync(CancellationToken ct = default)
    {
        var revision = await _store.CurrentAsync(ct);
        return revision.Version > Current.Version && Offer(revision.ToSettings());
    }

    public void Dispose() => _following?.Dispose();

    private async Task ReloadQuietlyAsync(int? announced, CancellationToken ct)
    {
        if (announced is { } version && version <= Current.Version)
            return;
        try
        {
            await ReloadAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _faults.OnNext(ex);
        }
    }

    private bool Offer(RiskSettings next)
    {
        while (true)
        {
            var seen = Volatile.Read(ref _current);
            if (next.Version <= seen.Version)
                return false;
            if (ReferenceEquals(Interlocked.CompareExchange(ref _current, next, seen), seen))
            {
                _switched.OnNext(next);
                return true;
            }
        }
    }
}
