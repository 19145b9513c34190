namespace RiskTriggers.Engine.Dissatisfaction.Training;

/// <summary>Precision and recall of "score at or above a threshold" over scored, labelled items.</summary>
public static class RankingMetrics
{
    public readonly record struct Point(double Threshold, double Precision, double Recall);

    /// <summary>One point per distinct score, highest threshold first.</summary>
    public static IReadOnlyList<Point> Curve(IReadOnlyList<(double Score, bool Positive)> scored)
    {
        var positives = scored.Count(s => s.Positive);
        var sorted = scored.OrderByDescending(s => s.Score).ToArray();
        var points = new List<Point>();
        var truePositives = 0;
        for (var i = 0; i < sorted.Length; i++)
        {
            if (sorted[i].Positive)
                truePositives++;
            if (i + 1 < sorted.Length && sorted[i + 1].Score == sorted[i].Score)
                continue;
            points.Add(new Point(sorted[i].Score, (double)truePositives / (i + 1), positives == 0 ? 0 : (double)truePositives / positives));
        }
        return points;
    }

    public static double PrecisionAtRecall(IReadOnlyList<Point> curve, double recall) =>
        curve.Where(p => p.Recall >= recall).Select(p => p.Precision).DefaultIfEmpty(0).Max();

    public static double RecallAtPrecision(IReadOnlyList<Point> curve, double precision) =>
        curve.Where(p => p.Precision >= precision).Select(p => p.Recall).DefaultIfEmpty(0).Max();

    /// <summary>The highest threshold whose recall reaches <paramref name="recall"/> (the most precise such point).</summary>
    public static Point AtRecall(IReadOnlyList<Point> curve, double recall) =>
        curve.FirstOrDefault(p => p.Recall >= recall, curve.Count > 0 ? curve[^1] : new Point(0, 0, 0));
}
