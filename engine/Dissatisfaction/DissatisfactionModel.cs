namespace RiskTriggers.Engine.Dissatisfaction;

/// <summary>A model per language, as read from a model file (<see cref="ModelFile"/>).</summary>
public sealed class DissatisfactionModel(IReadOnlyDictionary<Language, LanguageModel> languages, ModelProvenance provenance)
{
    public IReadOnlyDictionary<Language, LanguageModel> Languages { get; } = languages;
    public ModelProvenance Provenance { get; } = provenance;

    /// <summary>The model for a language, or the other one when only one was trained.</summary>
    public LanguageModel? For(Language language) =>
        Languages.TryGetValue(language, out var model) ? model : Languages.Values.FirstOrDefault();
}

/// <summary>Where a model came from, so a file can be reproduced: the history, the seed, the label cut.</summary>
public sealed record ModelProvenance(string Source, int Seed, int Folds, double DissatisfiedAtOrBelow, double L2, int SustainedMessages = 1);
