using System.Text.Json.Serialization;

namespace RiskTriggers.Host.Alerts.Insights;

/// <summary>Alerts received in one hour, by the priority they were raised with (named as priorities are: P1, not p1).</summary>
public sealed record TimelineBucket(
    DateTimeOffset Start,
    [property: JsonPropertyName("P1")] int P1,
    [property: JsonPropertyName("P2")] int P2,
    [property: JsonPropertyName("P3")] int P3,
    [property: JsonPropertyName("P4")] int P4);

/// <summary>
/// Alerts per priority per hour over the last <see cref="Hours"/> hours of the host's clock: whole clock hours, the
/// last one the hour now is in (so it is still filling). An alert counts in the hour the host received it, with the
/// priority it was raised with (an escalation later does not move it).
/// </summary>
public sealed record AlertTimeline(int Hours, DateTimeOffset From, DateTimeOffset Until, IReadOnlyList<TimelineBucket> Buckets)
{
    public const int DefaultHours = 12;
    public const int MaxHours = 72;
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    public static AlertTimeline Of(IEnumerable<AlertRecord> alerts, DateTimeOffset now, int hours)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hours, 1);
        var current = new DateTimeOffset(now.UtcDateTime.Ticks - now.UtcDateTime.Ticks % Hour.Ticks, TimeSpan.Zero);
        var from = current - (hours - 1) * Hour;
        var counts = new int[hours, 4];
        foreach (var alert in alerts)
        {
            var index = (int)Math.Floor((alert.ReceivedAt - from) / Hour);
            if (index >= 0 && index < hours)
                counts[index, (int)alert.Alert.Priority - 1]++;
        }
        var buckets = Enumerable.Range(0, hours)
            .Select(i => new TimelineBucket(from + i * Hour, counts[i, 0], counts[i, 1], counts[i, 2], counts[i, 3]))
            .ToList();
        return new AlertTimeline(hours, from, current + Hour, buckets);
    }
}
