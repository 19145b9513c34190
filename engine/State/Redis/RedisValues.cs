using System.Globalization;
using RiskTriggers.Engine.Events;
using StackExchange.Redis;

namespace RiskTriggers.Engine.State.Redis;

/// <summary>How times and interaction state are written into Redis values and read back.</summary>
internal static class RedisValues
{
    /// <summary>A time as whole Unix milliseconds, rounded down: "now" and inquiry times.</summary>
    public static long Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    /// <summary>
    /// A due or "until" time as whole Unix milliseconds, rounded up: compared with a "now" rounded down, a
    /// deadline never fires and a cooldown or dedup horizon never ends before its exact time.
    /// </summary>
    public static long MsNotBefore(DateTimeOffset at) =>
        at.ToUnixTimeMilliseconds() + (at.UtcTicks % TimeSpan.TicksPerMillisecond == 0 ? 0 : 1);

    /// <summary>
    /// A garbage-collection expiry in milliseconds. It runs on Redis's wall clock while correctness runs on the
    /// callers' clock, so it never drops below a minute: a short span must not vanish before it is compared.
    /// </summary>
    public static long Ttl(TimeSpan span) => Math.Max(MinimumTtlMs, (long)Math.Ceiling(span.TotalMilliseconds));

    private const long MinimumTtlMs = 60_000;

    /// <summary>A time as fixed-width UTC ticks, exact and ordered as a string.</summary>
    public static string Ticks(DateTimeOffset at) => at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);

    public static DateTimeOffset FromTicks(string ticks) =>
        new(long.Parse(ticks, NumberStyles.None, CultureInfo.InvariantCulture), TimeSpan.Zero);

    /// <summary>The event's non-empty context fields, as field/value pairs for HSET.</summary>
    public static IEnumerable<RedisValue> ContextFields(InteractionEvent e)
    {
        (string Field, string? Value)[] fields =
        [
            (InteractionFields.Channel, e.Channel),
            (InteractionFields.Queue, e.Queue),
            (InteractionFields.AgentId, e.AgentId),
            (InteractionFields.CustomerTier, e.CustomerTier),
        ];
        foreach (var (field, value) in fields)
        {
            if (string.IsNullOrWhiteSpace(value))
                continue;
            yield return field;
            yield return value;
        }
    }

    /// <summary>Reads the interaction hash (HGETALL as alternating fields and values); null if it is empty.</summary>
    public static InteractionState? ReadInteraction(string interactionId, IReadOnlyList<(string Field, string Value)> hash)
    {
        if (hash.Count == 0)
            return null;
        var fields = hash.ToDictionary(p => p.Field, p => p.Value, StringComparer.Ordinal);
        return new InteractionState(
            interactionId,
            fields.GetValueOrDefault(InteractionFields.CustomerId, ""),
            fields.GetValueOrDefault(InteractionFields.Channel),
            fields.GetValueOrDefault(InteractionFields.Queue),
            fields.GetValueOrDefault(InteractionFields.AgentId),
            fields.GetValueOrDefault(InteractionFields.CustomerTier),
            fields.TryGetValue(InteractionFields.LastEventAt, out var last) ? FromTicks(last) : DateTimeOffset.MinValue);
    }
}
