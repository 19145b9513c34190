namespace RiskTriggers.Simulation;

internal enum Language
{
    Chinese,
    English,
}

/// <summary>A simulated customer: the same id always has the same tier and language.</summary>
internal sealed record CustomerProfile(string Id, string Tier, Language Language);

/// <summary>
/// The customer base, described rather than stored: a customer's tier and language are a hash of the seed and
/// its number, so a million customers take no memory and a returning customer is still the same person.
/// </summary>
internal sealed class Customers(int seed, int pool, double vipShare)
{
    public CustomerProfile Pick(Random random) => Describe(random.Next(pool) + 1);

    public CustomerProfile Describe(int number)
    {
        var hash = Mix(((ulong)(uint)seed << 32) | (uint)number);
        var unit = (hash >> 11) * (1.0 / (1UL << 53));
        return new CustomerProfile($"cust-{number:D4}", unit < vipShare ? "vip" : "standard",
            (hash & 1) == 0 ? Language.Chinese : Language.English);
    }

    // SplitMix64's finaliser: a well-spread 64-bit value from any input.
    private static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EB;
        return x ^ (x >> 31);
    }
}
