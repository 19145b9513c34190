namespace RiskTriggers.Engine.Dissatisfaction;

/// <summary>
/// One language's logistic model: a bias, a weight per structural feature (<see cref="ConversationShape"/>) and a
/// weight per cue. Cues come in three groups — the customer's messages so far, the latest of them, the agent's
/// replies — each scored as its weight sum over the square root of its cue count (<see cref="Scaled"/>), so a
/// conversation's score is kept as a few running sums. <see cref="OperatingPoint"/> is the logit chosen at
/// training; scores are reported relative to it, so 0.5 means "at the trained operating point".
/// </summary>
public sealed class LanguageModel(double bias, double operatingPoint, double[] shapeWeights, CueTable cues, LanguageQuality? quality = null)
{
    public double Bias { get; } = bias;
    public double OperatingPoint { get; } = operatingPoint;
    public IReadOnlyList<double> ShapeWeights { get; } = shapeWeights;
    public CueTable Cues { get; } = cues;
    public LanguageQuality? Quality { get; } = quality;

    /// <summary>The logit of a conversation from its running sums.</summary>
    public double Logit(CueGroup customer, CueGroup latest, CueGroup agent, ReadOnlySpan<double> shape)
    {
        var z = Bias + customer.Scaled + latest.Scaled + agent.Scaled;
        for (var i = 0; i < shape.Length; i++)
            z += shapeWeights[i] * shape[i];
        return z;
    }

    /// <summary>A cue sum over the square root of its count: what one cue's count is scaled by in training too.</summary>
    public static double Scaled(double sum, int count) => count > 0 ? sum / Math.Sqrt(count + CuePrior) : 0;

    /// <summary>
    /// Cues a scaled sum is damped by, as if every group began with this many neutral cues: a first short message
    /// says less than a whole conversation, and the alert fires on the highest score of any prefix.
    /// </summary>
    public const int CuePrior = 40;

    /// <summary>0..1, 0.5 at the operating point.</summary>
    public double Score(double logit) => 1 / (1 + Math.Exp(OperatingPoint - logit));
}

/// <summary>What cross-validation measured for a language at training.</summary>
public sealed record LanguageQuality(int Interactions, int Dissatisfied, double PrecisionAtRecall50, double RecallAtPrecision70, double Precision, double Recall);

/// <summary>The running weight sum and count of one group of cues.</summary>
public readonly record struct CueGroup(double Sum, int Count)
{
    public double Scaled => LanguageModel.Scaled(Sum, Count);
}
