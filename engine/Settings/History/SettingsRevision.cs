namespace RiskTriggers.Engine.Settings.History;

/// <summary>
/// One version of the settings document as it was saved (<see cref="Document"/>) with its audit record: who,
/// when, why, and what changed against the version before it.
/// </summary>
public sealed record SettingsRevision(
    int Version,
    string Document,
    string Author,
    DateTimeOffset At,
    string Comment,
    IReadOnlyList<SettingsFieldChange> Changes,
    int? RollbackOf = null)
{
    /// <summary>Version 0: the built-in defaults, in force until the first save.</summary>
    public static SettingsRevision BuiltIn { get; } = new(0, "{}", "built-in", DateTimeOffset.UnixEpoch, "built-in defaults", []);

    /// <summary>The document as settings carrying this version.</summary>
    /// <exception cref="SettingsException">The stored document is not valid (it was written around the store).</exception>
    public RiskSettings ToSettings() => RiskSettings.Parse(Document, Version);

    /// <summary>
    /// The revision that follows <paramref name="previous"/> with <paramref name="json"/>: validated, and diffed
    /// against the previous version's effective document.
    /// </summary>
    /// <exception cref="SettingsException">The document is invalid.</exception>
    public static SettingsRevision Next(
        SettingsRevision previous, string json, string author, string comment, DateTimeOffset at, int? rollbackOf = null)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(json);
        ArgumentException.ThrowIfNullOrWhiteSpace(author);
        var next = RiskSettings.Parse(json);
        var changes = SettingsDiff.Between(EffectiveOrBuiltIn(previous), next);
        return new SettingsRevision(previous.Version + 1, json.Trim(), author.Trim(), at, comment?.Trim() ?? "", changes, rollbackOf);
    }

    /// <summary>The comment of a rollback: "rollback to vN", then the author's words if any.</summary>
    public static string RollbackComment(int version, string? comment) =>
        string.IsNullOrWhiteSpace(comment) ? $"rollback to v{version}" : $"rollback to v{version}: {comment.Trim()}";

    private static RiskSettings EffectiveOrBuiltIn(SettingsRevision revision)
    {
        try
        {
            return revision.ToSettings();
        }
        catch (SettingsException)
        {
            return RiskSettings.BuiltIn;
        }
    }
}

/// <summary>
/// One changed field of the effective document: its JSON path (as in validation errors, e.g.
/// <c>overrides.channel.email.replyOverdue.after</c>) and its old and new values as JSON; null where absent.
/// </summary>
public sealed record SettingsFieldChange(string Path, string? Old, string? New);
