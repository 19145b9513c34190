using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RiskTriggers.Engine.Settings;

/// <summary>
/// The settings document: default thresholds plus overrides per channel, queue and customer tier, applied in
/// that order (the most specific, tier, wins). Immutable; a change is a new instance with a new version.
/// </summary>
public sealed class RiskSettings
{
    private static readonly string[] OverrideDimensions = ["channel", "queue", "customerTier"];
    private readonly JsonObject _defaults;
    private readonly Dictionary<string, Dictionary<string, JsonObject>> _overrides;
    private readonly ConcurrentDictionary<(string?, string?, string?), Thresholds> _resolved = new();

    private RiskSettings(int version, JsonObject defaults, Dictionary<string, Dictionary<string, JsonObject>> overrides)
    {
        Version = version;
        _defaults = defaults;
        _overrides = overrides;
        Defaults = Deserialize(defaults);
    }

    /// <summary>Version of this document in the settings history; 0 for the built-in defaults.</summary>
    public int Version { get; }

    public Thresholds Defaults { get; }

    /// <summary>The seed thresholds, with email replies measured in hours rather than minutes.</summary>
    public static RiskSettings BuiltIn { get; } = Parse(BuiltInDocument);

    /// <summary>
    /// The document behind <see cref="BuiltIn"/>: every default threshold plus the email reply override, read from
    /// <c>rules/Data/settings.json</c>, the one place the defaults are written.
    /// </summary>
    public static string BuiltInDocument => BuiltInDefaults.Document;

    /// <summary>Parses and validates a document; throws <see cref="SettingsException"/> listing every problem.</summary>
    public static RiskSettings Parse(string json, int version = 0)
    {
        if (JsonSyntax.Problems(json) is { Count: > 0 } syntax)
            throw new SettingsException([.. syntax.Select(problem => $"$: not valid JSON at {problem}")]);
        var node = JsonNode.Parse(json);
        if (node is not JsonObject root)
            throw new SettingsException([$"$: expected an object such as {{ \"replyOverdue\": {{ \"after\": \"5m\" }} }}, got {SettingsSchema.Show(node)}"]);

        root = OnBuiltIn(root);
        var overrideErrors = new List<string>();
        var overrides = ReadOverrides(root, overrideErrors);
        root.Remove("overrides");
        root.Remove("version");
        var errors = Check(root, "");
        errors.AddRange(overrideErrors);
        return errors.Count == 0 ? new RiskSettings(version, root, overrides) : throw new SettingsException(errors);
    }

    /// <summary>A document holds only what it changes: it is laid over the built-in one, overrides included.</summary>
    private static JsonObject OnBuiltIn(JsonObject document)
    {
        JsonMerge.Under(document, (JsonObject)JsonNode.Parse(BuiltInDocument)!);
        return document;
    }

    /// <summary>The thresholds for one interaction; cached per combination.</summary>
    public Thresholds For(string? channel, string? queue, string? customerTier) =>
        _resolved.GetOrAdd((channel, queue, customerTier), static (key, self) => self.Merge(key.Item1, key.Item2, key.Item3), this);

    public RiskSettings WithVersion(int version) => new(version, (JsonObject)_defaults.DeepClone(), _overrides);

    /// <summary>The document as authored (defaults section and overrides), for storage and display.</summary>
    public string ToJson()
    {
        var root = (JsonObject)JsonNode.Parse(JsonSerializer.Serialize(Defaults, SettingsJson.Default.Thresholds))!;
        var overrides = new JsonObject();
        foreach (var (dimension, byValue) in _overrides)
            overrides[dimension] = new JsonObject(byValue.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value.DeepClone())));
        root["overrides"] = overrides;
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private Thresholds Merge(string? channel, string? queue, string? tier)
    {
        var merged = (JsonObject)_defaults.DeepClone();
        var applied = false;
        foreach (var (dimension, value) in OverrideDimensions.Zip([channel, queue, tier]))
        {
            if (value is not null && _overrides.TryGetValue(dimension, out var byValue) && byValue.TryGetValue(value, out var patch))
            {
                JsonMerge.Into(merged, patch);
                applied = true;
            }
        }
        return applied ? Deserialize(merged) : Defaults;
    }

    /// <summary>
    /// Every problem of one set of thresholds (the defaults, or one override) at once: the kinds of its values, then
    /// their ranges. A value of the wrong kind is dropped first, so that the others can still be range-checked over
    /// the built-in thresholds. Every check is of one field, so an override is not blamed for its defaults' errors.
    /// </summary>
    private static List<string> Check(JsonObject thresholds, string prefix)
    {
        var errors = SettingsSchema.Check(thresholds, prefix);
        var complete = BuiltInThresholds();
        JsonMerge.Into(complete, thresholds);
        errors.AddRange(ThresholdsValidator.Validate(Deserialize(complete), prefix));
        return errors;
    }

    private static JsonObject BuiltInThresholds()
    {
        var builtIn = (JsonObject)JsonNode.Parse(BuiltInDocument)!;
        builtIn.Remove("overrides");
        return builtIn;
    }

    private static Dictionary<string, Dictionary<string, JsonObject>> ReadOverrides(JsonObject root, List<string> errors)
    {
        var result = new Dictionary<string, Dictionary<string, JsonObject>>();
        if (root["overrides"] is null)
            return result;
        if (root["overrides"] is not JsonObject overrides)
        {
            errors.Add($"overrides: expected an object with channel, queue and customerTier sections, got {SettingsSchema.Show(root["overrides"])}");
            return result;
        }
        foreach (var (dimension, section) in overrides)
        {
            if (!OverrideDimensions.Contains(dimension))
            {
                errors.Add($"overrides.{dimension}: unknown override dimension; expected one of {string.Join(", ", OverrideDimensions)}");
                continue;
            }
            if (section is not JsonObject byValue)
            {
                errors.Add($"overrides.{dimension}: expected an object keyed by {dimension}, got {SettingsSchema.Show(section)}");
                continue;
            }
            result[dimension] = ReadPatches(dimension, byValue, errors);
        }
        return result;
    }

    private static Dictionary<string, JsonObject> ReadPatches(string dimension, JsonObject byValue, List<string> errors)
    {
        var patches = new Dictionary<string, JsonObject>(StringComparer.OrdinalIgnoreCase);
        foreach (var (value, patch) in byValue)
        {
            var prefix = $"overrides.{dimension}.{value}";
            if (patch is not JsonObject obj)
            {
                errors.Add($"{prefix}: expected an object of thresholds such as {{ \"replyOverdue\": {{ \"after\": \"4h\" }} }}, got {SettingsSchema.Show(patch)}");
                continue;
            }
            var thresholds = (JsonObject)obj.DeepClone();
            errors.AddRange(Check(thresholds, prefix + "."));
            patches[dimension == "queue" ? value : value.ToLowerInvariant()] = thresholds;
        }
        return patches;
    }

    private static Thresholds Deserialize(JsonObject node) => node.Deserialize(SettingsJson.Default.Thresholds)!;
}

/// <summary>A settings document was refused; <see cref="Errors"/> names every offending field.</summary>
public sealed class SettingsException(IReadOnlyList<string> errors)
    : Exception("invalid settings: " + string.Join("; ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
