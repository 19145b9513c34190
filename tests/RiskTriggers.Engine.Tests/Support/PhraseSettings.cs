using RiskTriggers.Engine.Settings;

namespace RiskTriggers.Engine.Tests.Support;

/// <summary>
/// The built-in settings, except that one phrase of any class signals (<c>negativePhrase.minWeight</c> 1; the
/// shipped 3 leaves frustration to the model): for tests that use one angry message as the simplest signal.
/// </summary>
public static class PhraseSettings
{
    public const string Document = """{ "negativePhrase": { "minWeight": 1 } }""";

    public static RiskSettings AnyPhrase { get; } = RiskSettings.Parse(Document);

    public static ISettingsSource Source => new FixedSettings(AnyPhrase);
}
