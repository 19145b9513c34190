namespace RiskTriggers.Engine.Dissatisfaction.Training;

/// <summary>One training example: sparse cue values (index, value), the shape values, and the label.</summary>
public sealed record Example(int[] Cues, double[] Values, double[] Shape, bool Positive);

/// <summary>
/// L2-regularised logistic regression by AdaGrad stochastic gradient descent, single-threaded and in a seeded
/// order, so the same examples and seed give bit-for-bit the same weights.
/// </summary>
public sealed class LogisticRegression(int cueCount, int shapeCount)
{
    public double Bias { get; private set; }
    public double[] CueWeights { get; } = new double[cueCount];
    public double[] ShapeWeights { get; } = new double[shapeCount];

    public void Fit(IReadOnlyList<Example> examples, double l2, int epochs, int seed, double rate = 0.03)
    {
        var cueSquares = new double[CueWeights.Length];
        var shapeSquares = new double[ShapeWeights.Length];
        var biasSquares = 0.0;
        var order = Enumerable.Range(0, examples.Count).ToArray();
        var random = new Random(seed);
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var i in order)
            {
                var x = examples[i];
                var error = Sigmoid(Logit(x)) - (x.Positive ? 1 : 0);
                for (var k = 0; k < x.Cues.Length; k++)
                    Step(CueWeights, cueSquares, x.Cues[k], error * x.Values[k] + l2 * CueWeights[x.Cues[k]], rate);
                for (var k = 0; k < x.Shape.Length; k++)
                    Step(ShapeWeights, shapeSquares, k, error * x.Shape[k] + l2 * ShapeWeights[k], rate);
                biasSquares += error * error;
                Bias -= rate * error / (Math.Sqrt(biasSquares) + 1e-8);
            }
        }
    }

    public double Logit(Example x)
    {
        var z = Bias;
        for (var k = 0; k < x.Cues.Length; k++)
            z += CueWeights[x.Cues[k]] * x.Values[k];
        for (var k = 0; k < x.Shape.Length; k++)
            z += ShapeWeights[k] * x.Shape[k];
        return z;
    }

    private static void Step(double[] weights, double[] squares, int i, double gradient, double rate)
    {
        squares[i] += gradient * gradient;
        weights[i] -= rate * gradient / (Math.Sqrt(squares[i]) + 1e-8);
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));
}
