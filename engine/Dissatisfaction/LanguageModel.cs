namespace RiskTriggers.Engine.Dissatisfaction;

/// <summary>
/// One language's logistic model: a bias, a weight per structural feature (<see cref="ConversationShape"/>) and a
/// weight per cue; the cue part is the weighted cue count over the square root of the number of cues, so a
/// conversation's score can be kept as two running sums. <see cref="OperatingPoint"/> is the logit chosen at
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
    public double Logit(double cueSum, int cueCount, ReadOnlySpan<double> shape)
    {
        var z = Bias + (cueCount > 0 ? cueSum / Math.Sqrt(cueCount) : 0);
        for (var i = 0; i < shape.Length; i++)
            z += shapeWeights[i] * shape[i];
        return z;
    }

    /// <summary>0..1, 0.5 at the operating point.</summary>
    public double Score(double logit) => 1 / (1 + Math.Exp(OperatingPoint - logit));
}

/// <summary>What cross-validation measured for a language at training.</summary>
public sealed record LanguageQuality(int Interactions, int Dissatisfied, double PrecisionAtRecall50, double RecallAtPrecision70, double Precision, double Recall);
