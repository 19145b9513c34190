using RiskTriggers.Engine.Dissatisfaction;

namespace RiskTriggers.Rules.Models;

/// <summary>
/// The shipped dissatisfaction model (zh + en), embedded from <c>Data/dissatisfaction-model.json</c> and parsed
/// once. Trained on the STC-3 development dialogues (CC BY 4.0; docs/risk-model.md says how to rebuild it).
/// </summary>
public static class DefaultModel
{
    internal const string ResourceName = "RiskTriggers.Rules.Data.dissatisfaction-model.json";

    private static readonly Lazy<DissatisfactionModel> Cached = new(Read);

    public static DissatisfactionModel Load() => Cached.Value;

    private static DissatisfactionModel Read()
    {
        using var stream = typeof(DefaultModel).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource '{ResourceName}' is missing from {typeof(DefaultModel).Assembly.GetName().Name}");
        var bytes = new byte[stream.Length]; // read once into its exact size: a MemoryStream grown by doubling was ~8 MB of garbage
        stream.ReadExactly(bytes);
        return ModelFile.Parse(bytes, "built-in");
    }
}
