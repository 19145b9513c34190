using RiskTriggers.Engine.Events;

namespace RiskTriggers.Engine.Tests.Support;

/// <summary>Terse event builders for tests: every event gets a fresh id unless one is given.</summary>
internal static class Ev
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private static int _next;

    // Every event of an interaction carries its customer (the partition key): an event that names no customer
    // gets the one its interaction was last given (by Started or an explicit customer), else "cust-1".
    [ThreadStatic] private static Dictionary<string, string>? _customerOf;

    public static InteractionEvent Make(EventType type, TimeSpan at, string ix = "ix-1", string? customer = null,
        string? channel = null, string? queue = null, string? agent = null, string? tier = null,
        string? topic = null, string? text = null, string? id = null) =>
        new(id ?? $"evt-{Interlocked.Increment(ref _next)}", type, T0 + at, ix, CustomerOf(ix, customer), channel, queue, agent, tier, topic, text);

    private static string CustomerOf(string ix, string? customer)
    {
        _customerOf ??= new();
        if (customer is not null)
            return _customerOf[ix] = customer;
        return _customerOf.GetValueOrDefault(ix) ?? "cust-1";
    }

    public static InteractionEvent Started(TimeSpan at, string ix = "ix-1", string customer = "cust-1", string? channel = "chat", string? tier = null) =>
        Make(EventType.InteractionStarted, at, ix, customer, channel, tier: tier);

    public static InteractionEvent Queued(TimeSpan at, string ix = "ix-1", string queue = "billing", string? customer = null) =>
        Make(EventType.QueueEntered, at, ix, customer, queue: queue);

    public static InteractionEvent Assigned(TimeSpan at, string ix = "ix-1", string agent = "agent-1", string? customer = null) =>
        Make(EventType.AgentAssigned, at, ix, customer, agent: agent);

    public static InteractionEvent Inquiry(TimeSpan at, string topic = "refund", string ix = "ix-1", string? customer = null, string? channel = null) =>
        Make(EventType.Inquiry, at, ix, customer, channel, topic: topic);

    public static InteractionEvent Says(TimeSpan at, string text, string ix = "ix-1", string? customer = null, string? id = null) =>
        Make(EventType.CustomerMessage, at, ix, customer, text: text, id: id);

    public static InteractionEvent Replies(TimeSpan at, string ix = "ix-1", string agent = "agent-1", string? customer = null) =>
        Make(EventType.AgentMessage, at, ix, customer, agent: agent, text: "Let me check that for you.");

    public static InteractionEvent Closed(TimeSpan at, string ix = "ix-1") => Make(EventType.InteractionClosed, at, ix);

    public static TimeSpan Min(double minutes) => TimeSpan.FromMinutes(minutes);

    public static TimeSpan Sec(double seconds) => TimeSpan.FromSeconds(seconds);

    public static TimeSpan Hours(double hours) => TimeSpan.FromHours(hours);
}
