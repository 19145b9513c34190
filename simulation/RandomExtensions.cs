namespace RiskTriggers.Simulation;

/// <summary>The draws the simulation makes, all from one seeded <see cref="Random"/>.</summary>
internal static class RandomExtensions
{
    public static T Pick<T>(this Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    public static bool Chance(this Random random, double probability) => random.NextDouble() < probability;

    /// <summary>A duration between the two, in whole seconds so timestamps stay readable.</summary>
    public static TimeSpan Between(this Random random, TimeSpan min, TimeSpan max) =>
        min + TimeSpan.FromSeconds(Math.Round(random.NextDouble() * (max - min).TotalSeconds));

    public static TimeSpan Seconds(this Random random, int min, int max) => TimeSpan.FromSeconds(random.Next(min, max + 1));

    public static TimeSpan Minutes(this Random random, double min, double max) =>
        random.Between(TimeSpan.FromMinutes(min), TimeSpan.FromMinutes(max));

    public static T Weighted<T>(this Random random, IReadOnlyList<KeyValuePair<T, double>> weights)
    {
        var roll = random.NextDouble() * weights.Sum(w => w.Value);
        foreach (var (item, weight) in weights)
        {
            if (roll < weight)
                return item;
            roll -= weight;
        }
        return weights.Last(w => w.Value > 0).Key;
    }
}
