using RiskTriggers.Host.Alerts;

namespace RiskTriggers.Host.Delivery;

/// <summary>
/// One change to deliver: an alert raised, acknowledged, escalated or resolved, numbered in the order it
/// happened. The number is the SSE event id clients resume from.
/// </summary>
public sealed record AlertNotice(long Id, string Change, AlertView Alert)
{
    public const string Raised = "raised";
    public const string Acknowledged = "acknowledged";
    public const string Escalated = "escalated";
    public const string Resolved = "resolved";

    /// <summary>
    /// True when this host made the change (added the alert to the book first, or acknowledged, resolved or escalated
    /// it); false for a change another host made, followed from the book's change stream for this host's SSE clients.
    /// SignalR (through the Redis backplane) sends made-here notices only, so each goes out once.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool MadeHere { get; init; } = true;

    /// <summary>The record behind the view, for visibility and routing (not serialized).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public AlertRecord Record { get; init; } = null!;
}
