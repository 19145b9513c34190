namespace RiskTriggers.Engine.Settings;

/// <summary>
/// The built-in settings document as text: <c>rules/Data/settings.json</c>, the one place the default thresholds
/// are written. Rules loads it as <c>DefaultSettings</c>; the engine embeds the same file (see its project) because
/// every document is laid over it and the settings stores' version 0 is it.
/// </summary>
internal static class BuiltInDefaults
{
    internal const string ResourceName = "RiskTriggers.Engine.Settings.settings.json";

    public static string Document { get; } = Read();

    private static string Read()
    {
        using var stream = typeof(BuiltInDefaults).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource '{ResourceName}' is missing from {typeof(BuiltInDefaults).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
