using System.ComponentModel.DataAnnotations;

namespace RiskTriggers.Host.Delivery;

/// <summary>How alerts reach people: <c>RiskTriggers:Delivery</c>.</summary>
public sealed class DeliveryOptions
{
    /// <summary>Alert notices kept for clients resuming with Last-Event-ID. Default 10,000.</summary>
    [Range(10, 1_000_000)]
    public int ReplayBufferSize { get; set; } = 10_000;

    /// <summary>Notices buffered per SSE client; a client that falls this far behind is disconnected. Default 1,000.</summary>
    [Range(1, 100_000)]
    public int ClientBufferSize { get; set; } = 1_000;

    /// <summary>A comment line is sent to idle SSE clients this often to keep proxies from closing them. Default 15s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(15);

    public WebhookOptions Webhooks { get; set; } = new();
}

/// <summary>Optional webhook sink, off by default: alerts are POSTed as JSON to the URL of their audience.</summary>
public sealed class WebhookOptions
{
    /// <summary>URL for alerts whose audience is an agent; none: not posted.</summary>
    [Url]
    public string? AgentUrl { get; set; }

    /// <summary>URL for alerts whose audience is the supervisor; none: not posted.</summary>
    [Url]
    public string? SupervisorUrl { get; set; }

    /// <summary>
    /// With Redis: a change another host took from the outbox and has not acknowledged for this long is taken over
    /// (that host is taken for dead). Keep it above the whole retry schedule, or a live host's slow post is sent twice.
    /// Default 1 min.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan ClaimAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Embedded default: notices waiting to be posted; a sink further behind resumes from the replay buffer. Default 10,000.</summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>Attempts per notice, the first included. Default 4.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Wait before the first retry; doubled for each further retry. Default 1s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public bool Enabled => AgentUrl is not null || SupervisorUrl is not null;
}
