namespace RiskTriggers.Engine.Dissatisfaction.Training;

/// <summary>How `train` learns. Defaults measured on STC-3 development dialogues (docs/risk-model.md).</summary>
public sealed record TrainingOptions
{
    public int Seed { get; init; } = 7;
    public int Folds { get; init; } = 5;

    /// <summary>The operating point: the most precise threshold whose cross-validated recall reaches this.</summary>
    public double TargetRecall { get; init; } = 0.55;

    /// <summary>A cue must occur in at least this many training conversations to get a weight.</summary>
    public int MinConversations { get; init; } = 2;

    public int Epochs { get; init; } = 20;

    /// <summary>The engine's <c>dissatisfaction.sustainedMessages</c>: cross-validation scores as the signal would fire.</summary>
    public int SustainedMessages { get; init; } = 2;

    /// <summary>L2 strengths tried; the one with the best cross-validated precision at recall 0.5 is kept.</summary>
    public IReadOnlyList<double> L2 { get; init; } = [1e-4, 1e-3, 1e-2];

    /// <summary>Fewest labelled conversations (with both labels present) a language needs to be trained.</summary>
    public int MinPerLanguage { get; init; } = 20;

    public string Source { get; init; } = "history";

    /// <summary>The rating cut the labels were made with, recorded in the model file.</summary>
    public double DissatisfiedAtOrBelow { get; init; } = -0.5;
}
