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
}
