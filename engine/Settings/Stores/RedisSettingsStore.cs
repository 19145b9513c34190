using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using System.Text.Json;
using RiskTriggers.Engine.Settings.History;
using RiskTriggers.Engine.State.Redis;
using StackExchange.Redis;

namespace RiskTriggers.Engine.Settings.Stores;

/// <summary>
/// The settings history in Redis, shared by every host: <c>rt:{settings}</c> holds the version in force,
/// <c>rt:{settings}:vN</c> each version's document and audit record, and channel <c>rt:settings:changed</c>
/// announces each new version. A save is one script that checks the previous version, writes the new one,
/// makes it current and publishes it; a save that lost a race diffs against the winner and tries again. A document
/// equal to the one in force (no field of the effective form differs) writes nothing.
/// </summary>
public sealed class RedisSettingsStore : ISettingsStore
{
    /// <summary>How often a save retries after losing the race for the next version.</summary>
    public const int MaxSaveAttempts = 50;

    private readonly IDatabase _db;
    private readonly RedisKeys _keys;
    private readonly TimeProvider _time;

    /// <param name="redis">The process's shared multiplexer.</param>
    /// <param name="time">Where audit times come from.</param>
    /// <param name="options">Key prefix and database; the other options concern <see cref="RedisStateStore"/>.</param>
    /// <exception cref="ValidationException">The options are invalid.</exception>
    public RedisSettingsStore(IConnectionMultiplexer redis, TimeProvider time, RedisStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(time);
        options ??= new RedisStoreOptions();
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        _db = redis.GetDatabase(options.Database);
        _keys = new RedisKeys(options.KeyPrefix, options.DeadlineShards);
        _time = time;
        Changes = Observable.Create<int>(observer =>
        {
            // Subscribing synchronously: once Subscribe returns, no later save is missed.
            var queue = redis.GetSubscriber().Subscribe(_keys.SettingsChanged);
            queue.OnMessage(message =>
            {
                if (int.TryParse((string?)message.Message, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
                    observer.OnNext(version);
            });
            return Disposable.Create(() => queue.Unsubscribe());
        });
    }

    /// <summary>The settings history beside a state store: same connection, database and key prefix.</summary>
    public RedisSettingsStore(RedisStateStore state, TimeProvider time)
        : this(BackendOf(state).Redis, time, BackendOf(state).Options)
    {
    }

    public IObservable<int> Changes { get; }

    public async ValueTask<SettingsRevision> CurrentAsync(CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        var current = await CurrentVersionAsync();
        // Versions are never rewritten, so reading the number and then its hash is consistent.
        return current == 0 ? SettingsRevision.BuiltIn : await ReadAsync(current) ?? throw Missing(current);
    }

    public ValueTask<SettingsSaveResult> SaveAsync(string json, string author, string comment, CancellationToken ct = default) =>
        AppendAsync(previous => SettingsRevision.Next(previous, json, author, comment, _time.GetUtcNow()), ct);

    public async ValueTask<IReadOnlyList<SettingsRevision>> HistoryAsync(int max, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        var current = await CurrentVersionAsync();
        var versions = Enumerable.Range(0, Math.Clamp(max, 0, current)).Select(i => current - i);
        var revisions = await Task.WhenAll(versions.Select(ReadAsync));
        return revisions.OfType<SettingsRevision>().ToList();
    }

    public async ValueTask<SettingsRevision?> GetAsync(int version, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        return version switch
        {
            0 => SettingsRevision.BuiltIn,
            < 0 => null,
            _ => await ReadAsync(version),
        };
    }

    public async ValueTask<SettingsSaveResult> RollbackAsync(int version, string author, string comment, CancellationToken ct = default)
    {
        var target = await GetAsync(version, ct) ?? throw SettingsVersions.NotFound(version);
        return await AppendAsync(previous => SettingsRevision.Next(
            previous, target.Document, author, SettingsRevision.RollbackComment(version, comment), _time.GetUtcNow(), version), ct);
    }

    private async ValueTask<SettingsSaveResult> AppendAsync(Func<SettingsRevision, SettingsRevision> next, CancellationToken ct)
    {
        for (var attempt = 0; attempt < MaxSaveAttempts; attempt++)
        {
            var previous = await CurrentAsync(ct);
            var result = SettingsSaveResult.Of(previous, next(previous));
            if (result.Unchanged)
                return result;
            var revision = result.Revision;
            RedisValue[] args = [previous.Version, revision.Version, _keys.SettingsChanged.ToString(), .. Fields(revision)];
            var stored = await _db.ScriptEvaluateAsync(
                RedisScripts.SaveSettingsVersion, [_keys.SettingsCurrent, _keys.SettingsVersion(revision.Version)], args);
            if ((long)stored == 1)
                return result;
        }
        throw new InvalidOperationException($"settings not saved: {MaxSaveAttempts} other saves came first; try again");
    }

    private async Task<int> CurrentVersionAsync()
    {
        var value = await _db.StringGetAsync(_keys.SettingsCurrent);
        return value.IsNull ? 0 : (int)value;
    }

    private async Task<SettingsRevision?> ReadAsync(int version)
    {
        var hash = await _db.HashGetAllAsync(_keys.SettingsVersion(version));
        if (hash.Length == 0)
            return null;
        var fields = hash.ToDictionary(h => (string)h.Name!, h => (string)h.Value!, StringComparer.Ordinal);
        return new SettingsRevision(
            version,
            fields.GetValueOrDefault(SettingsFields.Document, "{}"),
            fields.GetValueOrDefault(SettingsFields.Author, ""),
            DateTimeOffset.Parse(fields.GetValueOrDefault(SettingsFields.At, "1970-01-01T00:00:00Z"), CultureInfo.InvariantCulture),
            fields.GetValueOrDefault(SettingsFields.Comment, ""),
            fields.TryGetValue(SettingsFields.Changes, out var changes)
                ? JsonSerializer.Deserialize(changes, RedisStoreJson.Default.ListSettingsFieldChange) ?? []
                : [],
            fields.TryGetValue(SettingsFields.RollbackOf, out var of) ? int.Parse(of, CultureInfo.InvariantCulture) : null);
    }

    private static IEnumerable<RedisValue> Fields(SettingsRevision revision)
    {
        yield return SettingsFields.Document;
        yield return revision.Document;
        yield return SettingsFields.Author;
        yield return revision.Author;
        yield return SettingsFields.At;
        yield return revision.At.ToString("O", CultureInfo.InvariantCulture);
        yield return SettingsFields.Comment;
        yield return revision.Comment;
        yield return SettingsFields.Changes;
        yield return JsonSerializer.Serialize(revision.Changes.ToList(), RedisStoreJson.Default.ListSettingsFieldChange);
        if (revision.RollbackOf is { } of)
        {
            yield return SettingsFields.RollbackOf;
            yield return of;
        }
    }

    private static (IConnectionMultiplexer Redis, RedisStoreOptions Options) BackendOf(RedisStateStore state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Backend;
    }

    private static InvalidOperationException Missing(int version) =>
        new($"settings version {version} is current but its document is missing from Redis");
}
