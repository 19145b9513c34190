using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using RiskTriggers.Engine.Settings.History;

namespace RiskTriggers.Host.Settings;

/// <summary>
/// A settings version on the wire: its audit record and, except in the history list, the document as saved
/// and its effective form (every default filled in).
/// </summary>
public sealed record SettingsVersionView(
    int Version,
    string Author,
    DateTimeOffset At,
    string Comment,
    int? RollbackOf,
    IReadOnlyList<FieldChangeView> Changes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonNode? Document,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonNode? Effective)
{
    public static SettingsVersionView Of(SettingsRevision revision) => new(
        revision.Version, revision.Author, revision.At, revision.Comment, revision.RollbackOf, FieldChangeView.Of(revision.Changes),
        JsonNode.Parse(revision.Document), JsonNode.Parse(revision.ToSettings().ToJson()));

    public static SettingsVersionView AuditOf(SettingsRevision revision) => new(
        revision.Version, revision.Author, revision.At, revision.Comment, revision.RollbackOf, FieldChangeView.Of(revision.Changes), null, null);
}

/// <summary>A changed field with its old and new values as JSON values (null where absent).</summary>
public sealed record FieldChangeView(string Path, JsonNode? Old, JsonNode? New)
{
    public static IReadOnlyList<FieldChangeView> Of(IEnumerable<SettingsFieldChange> changes) =>
        changes.Select(c => new FieldChangeView(c.Path, Parse(c.Old), Parse(c.New))).ToList();

    private static JsonNode? Parse(string? json) => json is null ? null : JsonNode.Parse(json);
}
