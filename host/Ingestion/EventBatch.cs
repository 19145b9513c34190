using System.Text;
using System.Text.Json;

namespace RiskTriggers.Host.Ingestion;

/// <summary>
/// Splits a request body into event items: one JSON object, a JSON array of them, or NDJSON (one per line).
/// Items are returned as raw JSON so each is validated on its own and a bad item never spoils its neighbours.
/// A body that is not usable at all yields an <see cref="Error"/> instead.
/// </summary>
internal sealed record EventBatch(IReadOnlyList<string> Items, string? Error)
{
    public static EventBatch Parse(ReadOnlyMemory<byte> body, bool ndjson, int maxItems)
    {
        var text = Encoding.UTF8.GetString(body.Span).TrimStart('\uFEFF');
        if (string.IsNullOrWhiteSpace(text))
            return Fail("the body is empty; send one event object, a JSON array of events, or NDJSON");
        return ndjson ? Lines(text, maxItems) : Json(text, maxItems);
    }

    private static EventBatch Lines(string text, int maxItems)
    {
        var items = new List<string>();
        foreach (var line in text.Split('\n'))
        {
            if (string.IsNullOrWhiteSpace(line))
                continue;
            if (items.Count == maxItems)
                return TooMany(maxItems);
            items.Add(line.TrimEnd('\r'));
        }
        return new EventBatch(items, null);
    }

    private static EventBatch Json(string text, int maxItems)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            switch (root.ValueKind)
            {
                case JsonValueKind.Object:
                    return new EventBatch([root.GetRawText()], null);
                case JsonValueKind.Array:
                    var count = root.GetArrayLength();
                    if (count == 0)
                        return Fail("the array is empty; send at least one event");
                    if (count > maxItems)
                        return TooMany(maxItems, count);
                    return new EventBatch([.. root.EnumerateArray().Select(item => item.GetRawText())], null);
                default:
                    return Fail($"expected a JSON object or array of events, got a {root.ValueKind.ToString().ToLowerInvariant()}");
            }
        }
        catch (JsonException ex)
        {
            return Fail($"the body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine}); for one event per line use Content-Type application/x-ndjson");
        }
    }

    private static EventBatch TooMany(int max, int? count = null) =>
        Fail($"the batch has {(count is { } c ? c.ToString() : "more than " + max)} events; the limit is {max} per request");

    private static EventBatch Fail(string error) => new([], error);
}
