using System.CommandLine;
using RiskTriggers.Engine.Dissatisfaction;
using RiskTriggers.Engine.Settings;

namespace RiskTriggers.Host.Cli;

/// <summary><c>--model FILE</c>: a dissatisfaction model made by <c>train</c>, to replay or backtest before switching.</summary>
internal static class ModelOption
{
    public static Option<string?> Create() =>
        new("--model") { Description = "Dissatisfaction model file made by `train` (default: the shipped model)" };

    /// <summary>The model in the file, or null (the shipped one) without a path; false with a one-line reason.</summary>
    public static bool TryLoad(string? path, out DissatisfactionModel? model, out string error)
    {
        model = null;
        error = "";
        if (path is null)
            return true;
        try
        {
            model = ModelFile.Read(path);
            return true;
        }
        catch (ModelFileException ex)
        {
            error = ex.Message;
            return false;
        }
    }

    /// <summary>
    /// Says on stderr when the settings fire the signal after another number of messages in a row than the model
    /// (null: the shipped one) was trained for: its threshold then no longer means the trained operating point.
    /// </summary>
    public static void WarnIfMismatched(TextWriter error, string verb, DissatisfactionModel? model, RiskSettings settings)
    {
        var trainedOn = (model ?? Rules.Models.DefaultModel.Load()).Provenance.SustainedMessages;
        if (SustainedMismatch.Warning(trainedOn, settings.Defaults.Dissatisfaction.SustainedMessages) is { } warning)
            error.WriteLine($"{verb}: warning: {warning}");
    }
}
