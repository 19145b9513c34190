namespace RiskTriggers.Host.Scoring;

/// <summary>
/// The Wilson score interval of a proportion (95%): how far precision or recall might be from what a small history
/// shows. Unlike the normal approximation it stays inside 0..1 and is not zero-width at 0/n or n/n.
/// </summary>
internal static class WilsonInterval
{
    private const double Z = 1.959963984540054;

    /// <summary>The interval of <paramref name="successes"/> out of <paramref name="trials"/>; null for no trials.</summary>
    public static (double Low, double High)? Of(int successes, int trials)
    {
        if (trials <= 0)
            return null;
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, trials);
        double n = trials, p = successes / n, z2 = Z * Z;
        var centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        var half = Z * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
