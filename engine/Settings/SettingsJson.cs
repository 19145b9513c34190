using System.Text.Json;
using System.Text.Json.Serialization;

namespace RiskTriggers.Engine.Settings;

/// <summary>Source-generated JSON for settings: camelCase, durations as "5m", unknown keys refused.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    Converters = [typeof(DurationJsonConverter)])]
[JsonSerializable(typeof(Thresholds))]
public sealed partial class SettingsJson : JsonSerializerContext;

internal sealed class DurationJsonConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return Durations.TryParse(text, out var value)
            ? value
            : throw new JsonException($"'{text}' is not a duration such as 90s, 5m, 4h or 1d");
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Durations.Format(value));
}
