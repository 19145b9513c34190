namespace RiskTriggers.Host.Cli;

/// <summary>
/// A value axis fitted to the data: round ticks (1, 2, 2.5 or 5 × 10^k apart, three to six intervals) from just
/// below the smallest value to just above the largest, never past <c>floor</c> or <c>ceiling</c>.
/// </summary>
internal sealed record ChartAxis(double Min, double Max, double Step)
{
    private const double Epsilon = 1e-9;

    /// <param name="minSpan">The narrowest range to show: equal values get this much room around them.</param>
    public static ChartAxis Covering(IEnumerable<double> values, double minSpan, double floor = double.NegativeInfinity, double ceiling = double.PositiveInfinity)
    {
        var known = values.ToList();
        if (known.Count == 0)
            known = [Math.Max(floor, 0)];
        double low = known.Min(), high = known.Max();
        var pad = Math.Max((high - low) * 0.05, (minSpan - (high - low)) / 2);
        if (pad > 0)
            (low, high) = (low - pad, high + pad);
        var step = NiceStep((high - low) / 5);
        var min = Math.Max(floor, Math.Floor(low / step + Epsilon) * step);
        var max = Math.Min(ceiling, Math.Ceiling(high / step - Epsilon) * step);
        return new ChartAxis(min, Math.Max(max, min + step), step);
    }

    public IEnumerable<double> Ticks
    {
        get
        {
            // Counted, not summed, so 0.1 steps do not drift.
            var first = Math.Ceiling(Min / Step - Epsilon);
            for (var i = first; i * Step <= Max + Step * Epsilon; i++)
                yield return Math.Round(i * Step, 9) + 0.0; // + 0.0 turns -0 into 0, which prints without a sign
        }
    }

    /// <summary>Where <paramref name="value"/> lies between <see cref="Min"/> (0) and <see cref="Max"/> (1).</summary>
    public double Fraction(double value) => (value - Min) / (Max - Min);

    /// <summary>The smallest of 1, 2, 2.5, 5 × 10^k at or above <paramref name="rough"/>.</summary>
    private static double NiceStep(double rough)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        foreach (var step in new[] { 1, 2, 2.5, 5 })
        {
            if (step * magnitude >= rough * (1 - Epsilon))
                return step * magnitude;
        }
        return 10 * magnitude;
    }
}
