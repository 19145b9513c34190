using RiskTriggers.Engine.Settings;

namespace RiskTriggers.Host.Cli;

/// <summary>Loads a settings document for a CLI verb; no path means the built-in defaults.</summary>
internal static class SettingsFile
{
    public static bool TryLoad(string? path, out RiskSettings settings, out string error)
    {
        settings = RiskSettings.BuiltIn;
        error = "";
        if (path is null)
            return true;
        if (!File.Exists(path))
        {
            error = $"settings file '{path}' not found";
            return false;
        }
        try
        {
            settings = RiskSettings.Parse(File.ReadAllText(path));
            return true;
        }
        catch (SettingsException ex)
        {
            error = $"settings file '{path}' is invalid ({ex.Errors.Count} problem{(ex.Errors.Count == 1 ? "" : "s")}):\n  " + string.Join("\n  ", ex.Errors);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = $"settings file '{path}' cannot be read: {ex.Message}";
        }
        return false;
    }
}
