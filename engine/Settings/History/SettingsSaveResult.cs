namespace RiskTriggers.Engine.Settings.History;

/// <summary>
/// What a save or rollback did: stored <see cref="Revision"/> as a new version, or — when the document's effective
/// form equals the one in force (<see cref="Unchanged"/>) — stored nothing, and <see cref="Revision"/> is the
/// version still in force. An unchanged save makes no version, so the history lists only real changes.
/// </summary>
public sealed record SettingsSaveResult(SettingsRevision Revision, bool Unchanged)
{
    /// <summary>
    /// The next revision after <paramref name="previous"/>, or <paramref name="previous"/> itself, unchanged, when
    /// the next one would change no field of the effective document.
    /// </summary>
    public static SettingsSaveResult Of(SettingsRevision previous, SettingsRevision next) =>
        next.Changes.Count == 0 ? new(previous, Unchanged: true) : new(next, Unchanged: false);
}
