using System.ComponentModel.DataAnnotations;

namespace RiskTriggers.Host.Cluster;

/// <summary>
/// This host as an Orleans silo, bound from <c>RiskTriggers:Cluster</c>. Several hosts on one machine need only
/// distinct ports. With Redis, membership is in Redis and the hosts that share a <see cref="ClusterId"/> (and key
/// prefix) form one cluster; without Redis the silo is alone on localhost.
/// </summary>
public sealed class SiloOptions
{
    public const string Section = "RiskTriggers:Cluster";

    /// <summary>Port other silos reach this one on. Default: 11111 with Redis; a free port without (one silo, nobody dials it).</summary>
    [Range(0, 65535)]
    public int? SiloPort { get; set; }

    /// <summary>Port Orleans clients reach this silo on. Default: 30000 with Redis; a free port without.</summary>
    [Range(0, 65535)]
    public int? GatewayPort { get; set; }

    /// <summary>The address other silos dial; set it to a routable one when hosts run on several machines. Default 127.0.0.1.</summary>
    [Required]
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>The cluster's name: hosts with the same one (and the same Redis key prefix) join each other. Default "risktriggers".</summary>
    [Required]
    [RegularExpression(@"^[A-Za-z0-9._-]+$", ErrorMessage = "{0} may hold letters, digits, '.', '_' and '-' only.")]
    public string ClusterId { get; set; } = "risktriggers";

    /// <summary>
    /// How long a silo may miss probes before the others declare it dead and its partitions move to them. Default
    /// 10s (Orleans' own default is longer; the partitions' owners should come back quickly).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan DeathTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public const int DefaultSiloPort = 11111;
    public const int DefaultGatewayPort = 30000;
}
