using System.ComponentModel.DataAnnotations;
using RiskTriggers.Host.Delivery;
using RiskTriggers.Host.Security;

namespace RiskTriggers.Host.Hosting;

/// <summary>
/// The host's settings, bound from the configuration section <c>RiskTriggers</c> (appsettings.json, then
/// environment variables such as <c>RiskTriggers__MaxBatchSize</c>). Checked at start: bad values stop the host
/// with every failure listed. Trigger thresholds are not here; they live in the settings document.
/// </summary>
public sealed class RiskTriggersOptions
{
    public const string Section = "RiskTriggers";

    /// <summary>Most events in one <c>POST /v1/events</c> body. Default 1,000.</summary>
    [Range(1, 100_000)]
    public int MaxBatchSize { get; set; } = 1_000;

    /// <summary>Largest accepted request body, in bytes. Default 1 MiB.</summary>
    [Range(1_024, 64 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Embedded engine: events accepted but not yet processed, per customer partition (its inbox); a full inbox
    /// answers 503. Default 10,000.
    /// </summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>How long ingestion waits for room in a full partition inbox before answering 503. Default 2s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan EnqueueTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Event ids remembered by ingestion to answer duplicates (the engine dedups too). Default 100,000.</summary>
    [Range(1, 10_000_000)]
    public int DedupCapacity { get; set; } = 100_000;

    /// <summary>Alerts kept by the alert book; past this, the oldest resolved ones are evicted. Default 10,000.</summary>
    [Range(10, 1_000_000)]
    public int AlertCapacity { get; set; } = 10_000;

    /// <summary>
    /// The dissatisfaction model: empty for the shipped one, <c>off</c> for none, else the path of a model file
    /// made by <c>train</c> (checked at start). Its threshold is in the settings document.
    /// </summary>
    public string? DissatisfactionModel { get; set; }

    [Required]
    public DeliveryOptions Delivery { get; set; } = new();

    /// <summary>Who may call the API. Each key has a role; agent keys name their agent.</summary>
    public List<ApiKeyOptions> ApiKeys { get; set; } = [];
}
