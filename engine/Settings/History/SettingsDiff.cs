using System.Text.Json.Nodes;

namespace RiskTriggers.Engine.Settings.History;

/// <summary>
/// What changed between two settings documents, compared on their effective form (defaults filled in), so
/// writing a default out or leaving it away is no change. Objects are walked key by key; any other value,
/// arrays included, is compared whole.
/// </summary>
public static class SettingsDiff
{
    public static IReadOnlyList<SettingsFieldChange> Between(RiskSettings before, RiskSettings after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<SettingsFieldChange>();
        Walk("", JsonNode.Parse(before.ToJson()), JsonNode.Parse(after.ToJson()), changes);
        return changes;
    }

    private static void Walk(string path, JsonNode? before, JsonNode? after, List<SettingsFieldChange> changes)
    {
        if (before is JsonObject oldObject && after is JsonObject newObject)
        {
            var keys = oldObject.Select(p => p.Key).Union(newObject.Select(p => p.Key), StringComparer.Ordinal);
            foreach (var key in keys)
                Walk(path.Length == 0 ? key : $"{path}.{key}", oldObject[key], newObject[key], changes);
            return;
        }
        if (!JsonNode.DeepEquals(before, after))
            changes.Add(new SettingsFieldChange(path, before?.ToJsonString(), after?.ToJsonString()));
    }
}
