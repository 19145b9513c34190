namespace RiskTriggers.Engine.Settings.History;

/// <summary>
/// The versioned settings document: every accepted change is a new version with its audit record, and every
/// change is announced on <see cref="Changes"/> so that hosts reload it. Versions start at 1 and only grow;
/// version 0 is the built-in defaults, in force while nothing was saved.
/// </summary>
public interface ISettingsStore
{
    /// <summary>The version in force (version 0, the built-in defaults, while nothing was saved).</summary>
    ValueTask<SettingsRevision> CurrentAsync(CancellationToken ct = default);

    /// <summary>
    /// Validates <paramref name="json"/> and stores it as the next version, with the diff against the previous
    /// one; a document whose effective form equals the one in force stores nothing and answers
    /// <see cref="SettingsSaveResult.Unchanged"/> with the version in force. Two concurrent saves never get the same version.
    /// </summary>
    /// <exception cref="SettingsException">The document is invalid; nothing was stored.</exception>
    ValueTask<SettingsSaveResult> SaveAsync(string json, string author, string comment, CancellationToken ct = default);

    /// <summary>Up to <paramref name="max"/> versions, newest first (version 0 is not listed).</summary>
    ValueTask<IReadOnlyList<SettingsRevision>> HistoryAsync(int max, CancellationToken ct = default);

    /// <summary>One version; 0 is the built-in defaults; null if there is no such version.</summary>
    ValueTask<SettingsRevision?> GetAsync(int version, CancellationToken ct = default);

    /// <summary>
    /// Saves the document of <paramref name="version"/> again, as a new version ("rollback to vN"); unchanged, like
    /// a save, when that document is in force already.
    /// </summary>
    /// <exception cref="KeyNotFoundException">There is no such version.</exception>
    ValueTask<SettingsSaveResult> RollbackAsync(int version, string author, string comment, CancellationToken ct = default);

    /// <summary>The number of each version saved from now on, by this or any other host sharing the store.</summary>
    IObservable<int> Changes { get; }
}
