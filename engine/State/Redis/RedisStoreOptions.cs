using System.ComponentModel.DataAnnotations;

namespace RiskTriggers.Engine.State.Redis;

/// <summary>
/// Options of <see cref="RedisStateStore"/>. Expiries here are wall-clock garbage collection only: whether a
/// window, cooldown or dedup key still counts is always decided against the time the caller passes in.
/// </summary>
public sealed class RedisStoreOptions
{
    /// <summary>Prefix of every key; no curly braces (they would break the hash tags). Default "rt:".</summary>
    [Required]
    [RegularExpression(@"^[^{}]*$", ErrorMessage = "{0} must not contain curly braces: they would break the keys' hash tags.")]
    public string KeyPrefix { get; set; } = "rt:";

    /// <summary>How many sorted sets the pending deadlines are spread over (one Cluster slot each). Default 1.</summary>
    [Range(1, 1024)]
    public int DeadlineShards { get; set; } = 1;

    /// <summary>Approximate cap of the dead-letter stream. Default 100,000.</summary>
    [Range(1, int.MaxValue)]
    public int DeadLetterMaxLength { get; set; } = 100_000;

    /// <summary>Approximate cap of the alert stream that platforms consume. Default 1,000,000.</summary>
    [Range(1, int.MaxValue)]
    public int AlertStreamMaxLength { get; set; } = 1_000_000;

    /// <summary>An interaction's state and signals are collected this long after its last event. Default 7 days.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan InteractionRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>An alert record is collected this long after it was last saved. Default 30 days.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan AlertRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The Redis database number; -1 is the connection's default. Default -1.</summary>
    [Range(-1, int.MaxValue)]
    public int Database { get; set; } = -1;
}
