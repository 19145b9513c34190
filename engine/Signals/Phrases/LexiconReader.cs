using System.Text.Json;

namespace RiskTriggers.Engine.Signals.Phrases;

/// <summary>Reads lexicon JSON by hand, so every error names the key or phrase at fault.</summary>
internal static class LexiconReader
{
    private const int MaxWindow = 10;

    private static readonly Dictionary<string, PhraseClass> ClassNames = Enum.GetValues<PhraseClass>().ToDictionary(c => c.WireName());

    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    public static Lexicon Read(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException ex)
        {
            throw Error($"not valid JSON ({ex.Message})", ex);
        }
        using (document)
        {
            List<LexiconPhrase>? phrases = null;
            (NegationRule Chinese, NegationRule English) negation = (NegationRule.None, NegationRule.None);
            foreach (var property in Object(document.RootElement, "$").EnumerateObject())
            {
                if (property.Name == "phrases")
                    phrases = ReadPhrases(property.Value);
                else if (property.Name == "negation")
                    negation = ReadNegation(property.Value);
                else
                    throw Error($"unknown key '{property.Name}'; expected 'phrases' or 'negation'");
            }
            return new Lexicon(phrases ?? throw Error("missing key 'phrases'"), negation.Chinese, negation.English);
        }
    }

    private static List<LexiconPhrase> ReadPhrases(JsonElement element)
    {
        var phrases = new List<LexiconPhrase>();
        var firstSeenAt = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var byClass in Object(element, "phrases").EnumerateObject())
        {
            var classPath = $"phrases.{byClass.Name}";
            if (!ClassNames.TryGetValue(byClass.Name, out var phraseClass))
                throw Error($"unknown phrase class '{byClass.Name}' at {classPath}; expected one of {string.Join(", ", ClassNames.Keys)}");
            foreach (var byLanguage in Object(byClass.Value, classPath).EnumerateObject())
            {
                var path = $"{classPath}.{byLanguage.Name}";
                var language = Language(byLanguage.Name, path);
                foreach (var (text, at) in Strings(byLanguage.Value, path, "phrase"))
                {
                    if (!firstSeenAt.TryAdd(text, at))
                        throw Error($"duplicate phrase '{text}' at {at}; already at {firstSeenAt[text]}");
                    phrases.Add(new LexiconPhrase(text, phraseClass, language));
                }
            }
        }
        return phrases;
    }

    private static (NegationRule Chinese, NegationRule English) ReadNegation(JsonElement element)
    {
        var rules = (Chinese: NegationRule.None, English: NegationRule.None);
        foreach (var byLanguage in Object(element, "negation").EnumerateObject())
        {
            var path = $"negation.{byLanguage.Name}";
            if (Language(byLanguage.Name, path) == PhraseLanguage.Chinese)
                rules.Chinese = ReadRule(byLanguage.Value, path, "windowChars");
            else
                rules.English = ReadRule(byLanguage.Value, path, "windowWords");
        }
        return rules;
    }

    private static NegationRule ReadRule(JsonElement element, string path, string windowKey)
    {
        string[]? cues = null;
        int? window = null;
        foreach (var property in Object(element, path).EnumerateObject())
        {
            if (property.Name == "cues")
                cues = Strings(property.Value, $"{path}.cues", "cue").Select(s => s.Text).ToArray();
            else if (property.Name == windowKey)
                window = Window(property.Value, $"{path}.{windowKey}");
            else
                throw Error($"unknown key '{property.Name}' at {path}; expected 'cues' or '{windowKey}'");
        }
        // English windows count words, so a cue spanning words could never be seen whole.
        if (windowKey == "windowWords" && cues?.FirstOrDefault(c => c.Contains(' ')) is { } phraseCue)
            throw Error($"cue '{phraseCue}' at {path}.cues must be a single word");
        return new NegationRule(
            cues ?? throw Error($"missing key 'cues' at {path}"),
            window ?? throw Error($"missing key '{windowKey}' at {path}"));
    }

    private static IEnumerable<(string Text, string Path)> Strings(JsonElement element, string path, string what)
    {
        if (element.ValueKind != JsonValueKind.Array)
            throw Error($"{path} must be an array of strings");
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            var at = $"{path}[{index++}]";
            if (item.ValueKind != JsonValueKind.String)
                throw Error($"{at} must be a string");
            var text = TextNormalizer.Canonical(item.GetString()!);
            yield return text.Length > 0 ? (text, at) : throw Error($"empty {what} at {at}");
        }
    }

    private static PhraseLanguage Language(string name, string path) => name switch
    {
        "zh" => PhraseLanguage.Chinese,
        "en" => PhraseLanguage.English,
        _ => throw Error($"unknown language '{name}' at {path}; expected 'zh' or 'en'"),
    };

    private static int Window(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var n) && n is >= 1 and <= MaxWindow
            ? n
            : throw Error($"{path} must be a whole number from 1 to {MaxWindow}");

    private static JsonElement Object(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Object ? element : throw Error($"{path} must be a JSON object");

    private static FormatException Error(string message, Exception? inner = null) => new($"lexicon: {message}", inner);
}
