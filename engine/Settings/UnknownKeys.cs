using System.Text.Json;
using System.Text.Json.Nodes;

namespace RiskTriggers.Engine.Settings;

/// <summary>
/// Finds every key of a settings document that the schema does not have, so an author sees all typos at once
/// rather than one per attempt. The schema is <see cref="Thresholds"/> as JSON, with the keys of its maps (the
/// phrase classes of <c>negativePhrase.weights</c>) taken from the built-in document: no list of its own.
/// </summary>
internal static class UnknownKeys
{
    private static readonly JsonObject Schema = Build();

    private static JsonObject Build()
    {
        var schema = (JsonObject)JsonNode.Parse(JsonSerializer.Serialize(new Thresholds(), SettingsJson.Default.Thresholds))!;
        var builtIn = (JsonObject)JsonNode.Parse(BuiltInDefaults.Document)!;
        builtIn.Remove("overrides");
        JsonMerge.Into(schema, builtIn);
        return schema;
    }

    public static IEnumerable<string> In(JsonObject document, string prefix) => Walk(document, Schema, prefix);

    private static IEnumerable<string> Walk(JsonObject document, JsonObject schema, string prefix)
    {
        foreach (var (key, value) in document)
        {
            if (!schema.TryGetPropertyValue(key, out var known))
                yield return $"{prefix}{key}: unknown key; expected one of {string.Join(", ", schema.Select(p => p.Key))}";
            else if (value is JsonObject child && known is JsonObject knownChild)
            {
                foreach (var error in Walk(child, knownChild, $"{prefix}{key}."))
                    yield return error;
            }
        }
    }
}
