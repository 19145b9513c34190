using System.CommandLine;
using System.Globalization;
using RiskTriggers.Engine;
using RiskTriggers.Host.Streams;

namespace RiskTriggers.Host.Cli;

/// <summary>
/// The command-line options shared by the Redis verbs, turned into <c>RiskTriggers:Redis</c> configuration keys
/// (so they override appsettings and environment variables, and are validated the same way).
/// </summary>
internal sealed class RedisCliOptions
{
    public Option<string?> Redis { get; } = new("--redis") { Description = "Redis connection string, e.g. 127.0.0.1:6379 (or RiskTriggers__Redis__ConnectionString)" };
    public Option<string?> Prefix { get; } = new("--prefix") { Description = "Key prefix (default rt:)" };
    public Option<int?> Shards { get; } = new("--shards") { Description = "Number of ingestion streams rt:events:N (default 4)" };

    public IEnumerable<Option> All => [Redis, Prefix, Shards];

    /// <summary>The configuration keys the options on the command line set.</summary>
    public Dictionary<string, string?> ToConfiguration(ParseResult parse)
    {
        var values = new Dictionary<string, string?>();
        Set(values, nameof(RedisOptions.ConnectionString), parse.GetValue(Redis));
        Set(values, nameof(RedisOptions.KeyPrefix), parse.GetValue(Prefix));
        Set(values, nameof(RedisOptions.Shards), parse.GetValue(Shards)?.ToString(CultureInfo.InvariantCulture));
        return values;
    }

    public static void Set(Dictionary<string, string?> values, string key, string? value)
    {
        if (value is not null)
            values[$"{RedisOptions.Section}:{key}"] = value;
    }

    /// <summary>A duration option ("30s", "1m") as a configuration TimeSpan; false with a message if unreadable.</summary>
    public static bool TrySetDuration(Dictionary<string, string?> values, string key, string? text, out string error)
    {
        error = "";
        if (text is null)
            return true;
        if (!Durations.TryParse(text, out var value))
        {
            error = $"'{text}' is not a duration such as 0.5s, 2s or 1m";
            return false;
        }
        Set(values, key, value.ToString("c", CultureInfo.InvariantCulture));
        return true;
    }
}
