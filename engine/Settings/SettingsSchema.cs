using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace RiskTriggers.Engine.Settings;

/// <summary>
/// Checks a set of thresholds against the schema before it is read, so an author sees every unknown key and
/// every value of the wrong kind at once, each named by its path as the document spells it:
/// <c>inquiryRepeated.moreThan: expected a whole number, got "three"</c>. The schema is <see cref="Thresholds"/>
/// as its source-generated JSON contract sees it (names, types, the phrase classes a map takes): no list of its
/// own. A value found wrong is removed from the document, so the rest can still be read and range-checked.
/// </summary>
internal static class SettingsSchema
{
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static List<string> Check(JsonObject thresholds, string prefix)
    {
        var errors = new List<string>();
        CheckMembers(thresholds, SettingsJson.Default.Thresholds, prefix, errors);
        return errors;
    }

    /// <summary>A value as an error message shows it: scalars as written, containers by their kind.</summary>
    public static string Show(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "a list",
        _ => value.ToJsonString(Readable),
    };

    private static void CheckMembers(JsonObject value, JsonTypeInfo type, string prefix, List<string> errors)
    {
        var members = Members(type);
        foreach (var (key, member) in value.ToList())
        {
            var path = prefix + key;
            var memberType = members.FirstOrDefault(m => m.Name == key).Type;
            if (memberType is null)
                errors.Add($"{path}: unknown key; expected one of {string.Join(", ", members.Select(m => m.Name))}");
            else if (Fits(member, memberType, path, errors))
                continue;
            value.Remove(key);
        }
    }

    /// <summary>False, with the reason added, when the value is of the wrong kind as a whole.</summary>
    private static bool Fits(JsonNode? value, Type type, string path, List<string> errors)
    {
        var info = SettingsJson.Default.GetTypeInfo(type)!;
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object or JsonTypeInfoKind.Dictionary when value is JsonObject members:
                CheckMembers(members, info, path + ".", errors);
                return true;
            case JsonTypeInfoKind.Enumerable when value is JsonArray items:
                var fits = true;
                for (var i = 0; i < items.Count; i++)
                    fits &= Fits(items[i], info.ElementType!, $"{path}[{i}]", errors);
                return fits;
            case JsonTypeInfoKind.None when IsScalar(value, type):
                return true;
            default:
                errors.Add($"{path}: expected {Kind(info, value)}, got {Show(value)}");
                return false;
        }
    }

    /// <summary>The keys of an object, or of a map keyed by an enum (as the enum is written), with their value types.</summary>
    private static List<(string Name, Type Type)> Members(JsonTypeInfo info) => info.Kind == JsonTypeInfoKind.Object
        ? [.. info.Properties.Select(p => (p.Name, p.PropertyType))]
        : [.. Enum.GetValues(info.KeyType!).Cast<object>().Select(key => (Name(key), info.ElementType!))];

    private static string Name(object enumValue) =>
        JsonSerializer.Serialize(enumValue, SettingsJson.Default.GetTypeInfo(enumValue.GetType())!).Trim('"');

    private static bool IsScalar(JsonNode? value, Type type)
    {
        if (value is not JsonValue scalar)
            return false;
        if (type == typeof(int))
            return scalar.TryGetValue<int>(out _);
        if (type == typeof(double))
            return scalar.GetValueKind() == JsonValueKind.Number;
        if (type == typeof(bool))
            return scalar.GetValueKind() is JsonValueKind.True or JsonValueKind.False;
        if (type == typeof(TimeSpan))
            return scalar.GetValueKind() == JsonValueKind.String && Durations.TryParse(scalar.GetValue<string>(), out _);
        if (type.IsEnum)
            return scalar.GetValueKind() == JsonValueKind.String && EnumNames(type).Contains(scalar.GetValue<string>());
        return type == typeof(string) && scalar.GetValueKind() == JsonValueKind.String;
    }

    private static IEnumerable<string> EnumNames(Type type) => Enum.GetValues(type).Cast<object>().Select(Name);

    private static string Kind(JsonTypeInfo info, JsonNode? value) => info.Kind switch
    {
        JsonTypeInfoKind.Object or JsonTypeInfoKind.Dictionary => $"an object with the keys {string.Join(", ", Members(info).Select(m => m.Name))}",
        JsonTypeInfoKind.Enumerable => $"a list of {Plural(info.ElementType!)}",
        _ when info.Type == typeof(int) && value?.GetValueKind() == JsonValueKind.Number && value.GetValue<double>() % 1 == 0 => $"a whole number no larger than {int.MaxValue}",
        _ => Singular(info.Type),
    };

    // A field of a new type in Thresholds needs its words here (and its check in IsScalar).
    private static string Singular(Type type) =>
        type == typeof(int) ? "a whole number"
        : type == typeof(double) ? "a number"
        : type == typeof(bool) ? "true or false"
        : type == typeof(TimeSpan) ? "a duration such as 90s, 5m, 4h or 1d"
        : type == typeof(string) ? "text in double quotes"
        : type.IsEnum ? "one of " + string.Join(", ", EnumNames(type))
        : throw new NotSupportedException($"no description of {type.Name} settings");

    private static string Plural(Type type) => type == typeof(string) ? "texts in double quotes, such as [\"vip\"]" : $"values, each {Singular(type)}";
}
