namespace RiskTriggers.Engine.Settings.History;

/// <summary>Errors the settings stores share.</summary>
internal static class SettingsVersions
{
    public static KeyNotFoundException NotFound(int version) => new($"settings version {version} does not exist");
}
