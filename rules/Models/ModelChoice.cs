using RiskTriggers.Engine.Dissatisfaction;

namespace RiskTriggers.Rules.Models;

/// <summary>Which dissatisfaction model an engine runs: the shipped one, a trained file, or none.</summary>
public sealed record ModelChoice(DissatisfactionModel? Model)
{
    public static ModelChoice Shipped => new(DefaultModel.Load());

    public static ModelChoice Off { get; } = new((DissatisfactionModel?)null);

    /// <summary>
    /// A host's setting <c>RiskTriggers:DissatisfactionModel</c>: empty for the shipped model, <c>off</c> for none,
    /// else the path of a model file made by <c>train</c>. Throws <see cref="ModelFileException"/> for a bad file.
    /// </summary>
    public static ModelChoice Parse(string? setting) =>
        string.IsNullOrWhiteSpace(setting) ? Shipped
        : setting.Trim().Equals("off", StringComparison.OrdinalIgnoreCase) ? Off
        : new ModelChoice(ModelFile.Read(setting.Trim()));
}
