using RiskTriggers.Engine.Settings;

namespace RiskTriggers.Rules.Settings;

/// <summary>
/// The shipped settings document, embedded from <c>Data/settings.json</c>: every default threshold plus the email
/// reply override, written as a user writes a settings document. Validated when loaded, and loaded once.
/// </summary>
public static class DefaultSettings
{
    internal const string ResourceName = "RiskTriggers.Rules.Data.settings.json";

    private static readonly Lazy<string> Text = new(Read);
    private static readonly Lazy<RiskSettings> Cached = new(() => RiskSettings.Parse(Document));

    /// <summary>The document as shipped.</summary>
    public static string Document => Text.Value;

    /// <summary>The document as settings (version 0); throws <see cref="SettingsException"/> if the file is invalid.</summary>
    public static RiskSettings Load() => Cached.Value;

    private static string Read()
    {
        using var stream = typeof(DefaultSettings).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource '{ResourceName}' is missing from {typeof(DefaultSettings).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
