using System.Globalization;
using System.Text.RegularExpressions;

namespace RiskTriggers.Engine;

/// <summary>Human durations in settings and messages: "90s", "5m", "4h", "1d", "1h30m" (or "00:05:00").</summary>
public static partial class Durations
{
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
            return false;
        var match = Compact().Match(text.Trim());
        if (match.Success && match.Length > 0)
        {
            foreach (Capture c in match.Groups["part"].Captures)
                value += Part(c.Value);
            if (match.Groups["negative"].Success)
                value = value.Negate();
            return true;
        }
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value);
    }

    public static TimeSpan Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"'{text}' is not a duration such as 90s, 5m, 4h or 1d");

    public static string Format(TimeSpan value)
    {
        if (value < TimeSpan.Zero)
            return "-" + Format(value.Negate());
        if (value == TimeSpan.Zero)
            return "0s";
        var parts = new List<string>();
        if (value.Days > 0) parts.Add($"{value.Days}d");
        if (value.Hours > 0) parts.Add($"{value.Hours}h");
        if (value.Minutes > 0) parts.Add($"{value.Minutes}m");
        if (value.Seconds > 0 || parts.Count == 0) parts.Add($"{value.Seconds}s");
        return string.Concat(parts);
    }

    private static TimeSpan Part(string part)
    {
        var number = double.Parse(part[..^1], CultureInfo.InvariantCulture);
        return part[^1] switch
        {
            'd' => TimeSpan.FromDays(number),
            'h' => TimeSpan.FromHours(number),
            'm' => TimeSpan.FromMinutes(number),
            _ => TimeSpan.FromSeconds(number),
        };
    }

    [GeneratedRegex(@"^(?<negative>-)?(?<part>\d+(\.\d+)?[dhms])+$")]
    private static partial Regex Compact();
}
