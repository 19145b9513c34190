using System.ComponentModel.DataAnnotations;
using RiskTriggers.Engine.State.Redis;

namespace RiskTriggers.Host.Streams;

/// <summary>
/// Redis for state and stream ingestion, bound from <c>RiskTriggers:Redis</c> (appsettings, or environment
/// variables such as <c>RiskTriggers__Redis__ConnectionString</c>). Without a connection string the host keeps
/// its state in process (the embedded engine) and reads no streams. Checked at start, every failure listed.
/// </summary>
public sealed class RedisOptions
{
    public const string Section = "RiskTriggers:Redis";

    /// <summary>
    /// StackExchange.Redis configuration, e.g. <c>127.0.0.1:6379</c> or <c>node1:6379,node2:6379,password=…</c>
    /// for a Cluster. Default none: the embedded store.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Prefix of every key; no curly braces (they would break the hash tags). Default "rt:".</summary>
    [Required]
    [RegularExpression(@"^[^{}]*$", ErrorMessage = "{0} must not contain curly braces: they would break the keys' hash tags.")]
    public string KeyPrefix { get; set; } = "rt:";

    /// <summary>Ingestion streams <c>rt:events:0</c> … <c>N-1</c>; hosts and publishers must agree. Default 4.</summary>
    [Range(1, 1024)]
    public int Shards { get; set; } = 4;


    /// <summary>
    /// Most entries a partition's owner reads from its stream at a time (one batch, one commit). Default 1,000: a backlog
    /// drains in fewer round trips and commits, and a customer with several events in a batch is written once (100 wrote
    /// 0.78 snapshots per event of the generated day, 1,000 wrote 0.30); live traffic reads what is there, so its
    /// batches stay small.
    /// </summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 1_000;

    /// <summary>How often a partition's owner looks at its stream and its due deadlines. Default 50ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:10")]
    public TimeSpan IdlePollInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// How late an event may arrive and still be handled in time order: a partition's event time (its watermark) is
    /// the latest event time read less this, and once a caught-up stream has been quiet this long, the wall clock.
    /// Default 30s (as <c>replay --lateness</c>).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan AllowedLateness { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Approximate cap of each ingestion stream, applied by <see cref="EventStreamWriter"/>. Default 1,000,000.</summary>
    [Range(1_000, int.MaxValue)]
    public int StreamMaxLength { get; set; } = 1_000_000;

    public bool Enabled => !string.IsNullOrWhiteSpace(ConnectionString);

    public RedisKeys Keys() => new(KeyPrefix);

}
