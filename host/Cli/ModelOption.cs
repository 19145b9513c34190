using System.CommandLine;
using RiskTriggers.Engine.Dissatisfaction;

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
}
