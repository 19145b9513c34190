namespace RiskTriggers.Engine.Dissatisfaction;

/// <summary>
/// A model's operating point (the score 0.5) is chosen scoring folds as the signal fires, held over
/// <see cref="ModelProvenance.SustainedMessages"/> customer messages. Run with another
/// <c>dissatisfaction.sustainedMessages</c>, the threshold 0.5 no longer means that point: say so.
/// </summary>
public static class SustainedMismatch
{
    /// <summary>A one-line warning, or null when the model was trained as the settings fire.</summary>
    public static string? Warning(int trainedOn, int settings) =>
        trainedOn == settings ? null
            : $"the model's operating point was chosen firing after {trainedOn} customer message(s) in a row, but dissatisfaction.sustainedMessages is {settings}: "
              + $"its precision and recall will differ from the trained ones; retrain with --sustained-messages {settings} or set the setting to {trainedOn}";
}
