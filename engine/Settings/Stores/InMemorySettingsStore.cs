using System.Reactive.Linq;
using System.Reactive.Subjects;
using RiskTriggers.Engine.Settings.History;

namespace RiskTriggers.Engine.Settings.Stores;

/// <summary>
/// The settings history of one process: for the demo, a single host and tests. Versions are assigned under a
/// lock; <see cref="Changes"/> is announced after the lock is released, in version order. An unchanged save
/// stores and announces nothing.
/// </summary>
public sealed class InMemorySettingsStore(TimeProvider time) : ISettingsStore, IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<SettingsRevision> _revisions = [SettingsRevision.BuiltIn];
    private readonly Subject<int> _changes = new();
    private readonly Lock _announcing = new();

    public IObservable<int> Changes => _changes.AsObservable();

    public ValueTask<SettingsRevision> CurrentAsync(CancellationToken ct = default)
    {
        lock (_gate)
            return ValueTask.FromResult(_revisions[^1]);
    }

    public ValueTask<SettingsSaveResult> SaveAsync(string json, string author, string comment, CancellationToken ct = default) =>
        ValueTask.FromResult(Append(previous => SettingsRevision.Next(previous, json, author, comment, time.GetUtcNow())));

    public ValueTask<IReadOnlyList<SettingsRevision>> HistoryAsync(int max, CancellationToken ct = default)
    {
        lock (_gate)
        {
            IReadOnlyList<SettingsRevision> newestFirst = _revisions.Skip(1).Reverse().Take(Math.Max(0, max)).ToList();
            return ValueTask.FromResult(newestFirst);
        }
    }

    public ValueTask<SettingsRevision?> GetAsync(int version, CancellationToken ct = default)
    {
        lock (_gate)
            return ValueTask.FromResult(version >= 0 && version < _revisions.Count ? _revisions[version] : null);
    }

    public async ValueTask<SettingsSaveResult> RollbackAsync(int version, string author, string comment, CancellationToken ct = default)
    {
        var target = await GetAsync(version, ct) ?? throw SettingsVersions.NotFound(version);
        return Append(previous => SettingsRevision.Next(
            previous, target.Document, author, SettingsRevision.RollbackComment(version, comment), time.GetUtcNow(), version));
    }

    public void Dispose() => _changes.Dispose();

    private SettingsSaveResult Append(Func<SettingsRevision, SettingsRevision> next)
    {
        // Announcing under a second lock keeps notifications in version order without holding the store's lock
        // while subscribers run (they may read the store).
        lock (_announcing)
        {
            SettingsSaveResult result;
            lock (_gate)
            {
                result = SettingsSaveResult.Of(_revisions[^1], next(_revisions[^1]));
                if (result.Unchanged)
                    return result;
                _revisions.Add(result.Revision);
            }
            _changes.OnNext(result.Revision.Version);
            return result;
        }
    }
}
