using System.Text.Json.Nodes;

namespace RiskTriggers.Engine.Settings;

/// <summary>Deep merge of a JSON patch into a target: objects merge key by key, anything else replaces.</summary>
internal static class JsonMerge
{
    public static void Into(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch)
        {
            if (value is JsonObject patchChild && target[key] is JsonObject targetChild)
                Into(targetChild, patchChild);
            else
                target[key] = value?.DeepClone();
        }
    }

    /// <summary>
    /// The same result as merging <paramref name="target"/> into <paramref name="defaults"/>, built in place on
    /// the target so its keys keep their order (the author's), with the missing ones added after them.
    /// </summary>
    public static void Under(JsonObject target, JsonObject defaults)
    {
        foreach (var (key, value) in defaults)
        {
            if (!target.TryGetPropertyValue(key, out var existing))
                target[key] = value?.DeepClone();
            else if (existing is JsonObject targetChild && value is JsonObject defaultsChild)
                Under(targetChild, defaultsChild);
        }
    }
}
