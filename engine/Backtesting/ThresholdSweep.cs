using System.Globalization;
using System.Text.Json.Nodes;
using RiskTriggers.Engine.Settings;

namespace RiskTriggers.Engine.Backtesting;

/// <summary>
/// A grid of values for one threshold, addressed by its JSON path in the settings document:
/// <c>replyOverdue.after=2m..10m:1m</c>, <c>inquiryRepeated.moreThan=2..6:1</c>, or a list <c>negativePhrase.minWeight=1,2.5,4</c>.
/// </summary>
public sealed record ThresholdSweep(string Path, IReadOnlyList<SweepValue> Values)
{
    /// <summary>Most values one sweep may hold.</summary>
    public const int MaxValues = 500;

    /// <summary>Parses the grid; the kind of value (duration or number) follows from how the bounds are written.</summary>
    public static ThresholdSweep Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var equals = spec.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == spec.Length - 1)
            throw new FormatException($"sweep '{spec}' is not PATH=FROM..TO:STEP (e.g. replyOverdue.after=2m..10m:1m) or PATH=V1,V2,...");
        var path = spec[..equals].Trim();
        var grid = spec[(equals + 1)..].Trim();
        var values = grid.Contains("..", StringComparison.Ordinal) ? Range(grid) : List(grid);
        return new ThresholdSweep(path, values);
    }

    /// <summary>
    /// One settings document per value: the base document with the value set at <see cref="Path"/>, parsed
    /// and validated like any document. Throws <see cref="SettingsException"/> for an unknown path, a path that
    /// is not a number or duration, or a value the validator refuses.
    /// </summary>
    public IReadOnlyList<RiskSettings> SettingsFrom(RiskSettings baseSettings)
    {
        ArgumentNullException.ThrowIfNull(baseSettings);
        var template = JsonNode.Parse(baseSettings.ToJson())!.AsObject();
        var (parent, key, current) = Locate(template);
        var wantsDuration = current.GetValueKind() == System.Text.Json.JsonValueKind.String;
        if (wantsDuration && !Durations.TryParse(current.GetValue<string>(), out _) ||
            !wantsDuration && current.GetValueKind() != System.Text.Json.JsonValueKind.Number)
            throw new SettingsException([$"{Path}: not a numeric or duration threshold, cannot sweep it"]);
        var wrongKind = Values.FirstOrDefault(v => v.IsDuration != wantsDuration);
        if (wrongKind is not null)
            throw new SettingsException([$"{Path}: is a {(wantsDuration ? "duration such as 5m" : "number")}, but the sweep gives {wrongKind.Label}"]);

        var documents = new List<RiskSettings>(Values.Count);
        var errors = new List<string>();
        foreach (var value in Values)
        {
            parent[key] = value.ToJson();
            try
            {
                documents.Add(RiskSettings.Parse(template.ToJsonString()));
            }
            catch (SettingsException ex)
            {
                errors.AddRange(ex.Errors.Select(e => $"{Path}={value.Label}: {e}"));
            }
        }
        return errors.Count == 0 ? documents : throw new SettingsException(errors);
    }

    private (JsonObject Parent, string Key, JsonNode Current) Locate(JsonObject root)
    {
        var segments = Path.Split('.');
        JsonObject node = root;
        for (var i = 0; i < segments.Length; i++)
        {
            var walked = string.Join('.', segments[..(i + 1)]);
            if (!node.TryGetPropertyValue(segments[i], out var child) || child is null)
                throw new SettingsException([$"{walked}: unknown path in the settings document; known here: {string.Join(", ", node.Select(p => p.Key))}"]);
            if (i == segments.Length - 1)
                return (node, segments[i], child);
            node = child as JsonObject
                ?? throw new SettingsException([$"{walked}: is a value, not a section; cannot go on to '{string.Join('.', segments[(i + 1)..])}'"]);
        }
        throw new SettingsException([$"{Path}: empty path"]);
    }

    private static List<SweepValue> Range(string grid)
    {
        var colon = grid.LastIndexOf(':');
        var dots = grid.IndexOf("..", StringComparison.Ordinal);
        if (colon < dots)
            throw new FormatException($"sweep range '{grid}' needs a step: FROM..TO:STEP, e.g. 2m..10m:1m");
        var (from, to, step) = (grid[..dots].Trim(), grid[(dots + 2)..colon].Trim(), grid[(colon + 1)..].Trim());
        if (SweepValue.TryParse(from, out var first) && SweepValue.TryParse(to, out var last) && SweepValue.TryParse(step, out var by) &&
            first.IsDuration == last.IsDuration && last.IsDuration == by.IsDuration)
        {
            if (by.Number <= 0)
                throw new FormatException($"sweep step '{step}' must be greater than zero");
            if (last.Number < first.Number)
                throw new FormatException($"sweep range '{grid}' runs backwards; write the smaller bound first");
            var count = (long)Math.Floor((last.Number - first.Number) / by.Number + 1e-9) + 1;
            if (count > MaxValues)
                throw new FormatException($"sweep range '{grid}' has {count} values; at most {MaxValues}");
            return Enumerable.Range(0, (int)count).Select(i => SweepValue.Of(first.Number + i * by.Number, first.IsDuration)).ToList();
        }
        throw new FormatException($"sweep range '{grid}': bounds and step must all be numbers (2..6:1) or all durations (2m..10m:1m)");
    }

    private static List<SweepValue> List(string grid)
    {
        var values = new List<SweepValue>();
        foreach (var item in grid.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            values.Add(SweepValue.TryParse(item, out var value) ? value : throw new FormatException($"sweep value '{item}' is neither a number nor a duration such as 5m"));
        if (values.Count == 0 || values.Count > MaxValues)
            throw new FormatException($"sweep list '{grid}' needs 1 to {MaxValues} values");
        if (values.Select(v => v.IsDuration).Distinct().Count() > 1)
            throw new FormatException($"sweep list '{grid}' mixes numbers and durations");
        return values.OrderBy(v => v.Number).ToList();
    }
}

/// <summary>One value of a sweep: a number, or a duration (then <see cref="Number"/> is in seconds).</summary>
public sealed record SweepValue(double Number, bool IsDuration)
{
    /// <summary>As written in settings: "5m" or "2.5".</summary>
    public string Label => IsDuration ? Durations.Format(TimeSpan.FromSeconds(Number)) : Number.ToString("0.####", CultureInfo.InvariantCulture);

    public static SweepValue Of(double number, bool isDuration) =>
        new(Math.Round(number, isDuration ? 3 : 9), isDuration);

    public static bool TryParse(string text, out SweepValue value)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            value = Of(number, false);
            return true;
        }
        if (Durations.TryParse(text, out var duration) && !text.Contains(':', StringComparison.Ordinal))
        {
            value = Of(duration.TotalSeconds, true);
            return true;
        }
        value = null!;
        return false;
    }

    internal JsonNode ToJson() =>
        IsDuration ? JsonValue.Create(Label)
        : Number == Math.Floor(Number) && Math.Abs(Number) < long.MaxValue ? JsonValue.Create((long)Number)
        : JsonValue.Create(Number);
}
