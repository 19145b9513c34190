using System.Globalization;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
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

    // KEYS: current, the new version's hash. ARGV: previous version, new version, channel, then the hash's fields.
    // Returns 0 (and writes nothing) when another save came first.
    private const string SaveVersionScript = """
        local current = tonumber(redis.call('GET', KEYS[1]) or '0')
        if current ~= tonumber(ARGV[1]) or redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
        redis.call('HSET', KEYS[2], unpack(ARGV, 4))
        redis.call('SET', KEYS[1], ARGV[2])
        redis.call('PUBLISH', ARGV[3], ARGV[2])
        return 1
        """;

    private readonly IDatabase _db;
    private readonly RedisKeys _keys;
    private readonly TimeProvider _time;

    /// <param name="redis">The process's shared multiplexer (the host's one connection).</param>
    /// <param name="time">Where audit times come from.</param>
    /// <param name="keyPrefix">Prefix of the keys, as the host's <c>RiskTriggers:Redis:KeyPrefix</c>; no curly braces (they would break the hash tag).</param>
    /// <param name="database">The Redis database number; -1 is the connection's default.</param>
    public RedisSettingsStore(IConnectionMultiplexer redis, TimeProvider time, string keyPrefix = "rt:", int database = -1)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(time);
        if (keyPrefix.AsSpan().IndexOfAny('{', '}') >= 0)
            throw new ArgumentException("the key prefix must not contain curly braces: they would break the settings keys' hash tag", nameof(keyPrefix));
        _db = redis.GetDatabase(database);
        _keys = new RedisKeys(keyPrefix);
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
                SaveVersionScript, [_keys.SettingsCurrent, _keys.SettingsVersion(revision.Version)], args);
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
                ? JsonSerializer.Deserialize(changes, SettingsStoreJson.Default.ListSettingsFieldChange) ?? []
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
        yield return JsonSerializer.Serialize(revision.Changes.ToList(), SettingsStoreJson.Default.ListSettingsFieldChange);
        if (revision.RollbackOf is { } of)
        {
            yield return SettingsFields.RollbackOf;
            yield return of;
        }
    }

    private static InvalidOperationException Missing(int version) =>
        new($"settings version {version} is current but its document is missing from Redis");
}

/// <summary>Fields of a settings version hash.</summary>
internal static class SettingsFields
{
    public const string Document = "document";
    public const string Author = "author";
    public const string At = "at";
    public const string Comment = "comment";
    public const string Changes = "changes";
    public const string RollbackOf = "rollbackOf";
}

/// <summary>Source-generated JSON of a settings version's diff, as the Redis history stores it.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(List<SettingsFieldChange>))]
internal sealed partial class SettingsStoreJson : JsonSerializerContext;
