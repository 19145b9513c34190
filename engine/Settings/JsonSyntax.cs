using System.Text;
using System.Text.Json;

namespace RiskTriggers.Engine.Settings;

/// <summary>
/// Says where and why a text is not usable JSON, in plain words with a line and column (both from 1, the column
/// in characters, not bytes), and finds keys written twice in one object, which <c>JsonNode</c> only refuses
/// later, with no position at all.
/// </summary>
public static class JsonSyntax
{
    // The reader's own sentences, reworded where they speak of its modes and options rather than of the text.
    private static readonly (string Fragment, string Plain)[] Rewordings =
    [
        ("trailing comma", "a comma before the closing } or ] has nothing after it"),
        ("invalid start of a property name", "a key must be written in double quotes"),
        ("is invalid after a property name", "a ':' must follow the key"),
        ("is invalid after a value", "a ',' (or the closing } or ]) must follow a value"),
        ("is an invalid start of a value", "a value must be an object, a list, text in double quotes, a number, true, false or null (comments are not allowed)"),
        ("is invalid without a matching open", "a closing } or ] has no opening one"),
        ("is invalid after a single JSON value", "the document goes on after its closing }"),
        ("reached end of data", EndsEarly),
        ("open JSON object or array", EndsEarly),
    ];

    private const string EndsEarly = "the document ends too early: a closing }, ] or \" is missing";

    /// <summary>Every problem, each as "line L, column C: reason"; none for well-formed JSON.</summary>
    public static IReadOnlyList<string> Problems(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var problems = new List<string>();
        var reader = new Utf8JsonReader(bytes);
        var open = new Stack<Container>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        open.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        var container = open.Peek();
                        container.Key = reader.GetString()!;
                        if (!container.Keys.Add(container.Key))
                            problems.Add($"{At(bytes, reader.TokenStartIndex)}: {container.PathOf(container.Key)} is written twice; a key may appear once in an object");
                        break;
                    default:
                        var path = open.Count == 0 ? "" : open.Peek().NextPath();
                        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                            open.Push(new Container(path));
                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            var offset = LineStart(bytes, ex.LineNumber ?? 0) + (ex.BytePositionInLine ?? 0);
            problems.Add($"{At(bytes, offset)}: {Reason(ex.Message, bytes, offset)}");
        }
        return problems;
    }

    /// <summary>
    /// Where and why, for a reader error met without the text at hand (e.g. while a request body was read); the
    /// column then counts bytes, the same as characters in ASCII.
    /// </summary>
    public static string Describe(JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return $"line {(exception.LineNumber ?? 0) + 1}, column {(exception.BytePositionInLine ?? 0) + 1}: {Reason(exception.Message)}";
    }

    private static string Reason(string message, byte[] bytes, long offset) =>
        AtEnd(bytes, 0) ? "the document is empty" : AtEnd(bytes, offset) ? EndsEarly : Reason(message);

    private static string Reason(string message)
    {
        var sentence = message.IndexOf(" Path:", StringComparison.Ordinal) is >= 0 and var path ? message[..path]
            : message.IndexOf(" LineNumber:", StringComparison.Ordinal) is >= 0 and var line ? message[..line]
            : message;
        foreach (var (fragment, plain) in Rewordings)
        {
            if (sentence.Contains(fragment, StringComparison.Ordinal))
                return plain;
        }
        return sentence;
    }

    private static string At(byte[] bytes, long offset)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset && i < bytes.Length; i++)
        {
            if (bytes[i] == '\n')
                (line, lineStart) = (line + 1, i + 1);
        }
        var column = Encoding.UTF8.GetCharCount(bytes, lineStart, (int)Math.Min(offset, bytes.Length) - lineStart) + 1;
        return $"line {line}, column {column}";
    }

    private static long LineStart(byte[] bytes, long line)
    {
        for (var i = 0; i < bytes.Length && line > 0; i++)
        {
            if (bytes[i] == '\n' && --line == 0)
                return i + 1;
        }
        return 0;
    }

    /// <summary>Only white space follows: the reader ran out of text rather than met a wrong character.</summary>
    private static bool AtEnd(byte[] bytes, long offset)
    {
        for (var i = (int)Math.Min(offset, bytes.Length); i < bytes.Length; i++)
        {
            if (!char.IsWhiteSpace((char)bytes[i]))
                return false;
        }
        return true;
    }

    /// <summary>An object or list being read: its path, and the keys or the count of items seen so far.</summary>
    private sealed class Container(string path)
    {
        private int _items;

        public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);

        public string? Key { get; set; }

        public string PathOf(string key) => path.Length == 0 ? key : $"{path}.{key}";

        /// <summary>The path of the value that starts now: under the last key, or the next item of a list.</summary>
        public string NextPath() => Key is { } key ? PathOf(key) : $"{path}[{_items++}]";
    }
}
