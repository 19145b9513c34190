using System.Globalization;
using System.Text;
using System.Text.Json;

namespace RiskTriggers.Engine.Dissatisfaction;

/// <summary>
/// The model file: plain JSON a reviewer can read — per language the bias, the operating point, the shape
/// weights and every cue with its weight, strongest first. Written deterministically (same model, same bytes).
/// </summary>
public static class ModelFile
{
    public const string Format = "risktriggers.dissatisfaction-model";
    public const int Version = 1;

    public static DissatisfactionModel Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelFileException(path, $"cannot be read: {ex.Message}");
        }
        return Parse(bytes, path);
    }

    /// <summary>Reads a model from its UTF-8 bytes, in place (no copy of the ~2.6 MB file).</summary>
    public static DissatisfactionModel Parse(ReadOnlyMemory<byte> utf8, string source)
    {
        try
        {
            using var doc = JsonDocument.Parse(utf8);
            return FromJson(doc.RootElement, source);
        }
        catch (JsonException ex)
        {
            throw new ModelFileException(source, $"is not valid JSON (line {ex.LineNumber + 1}): {FirstSentence(ex.Message)}");
        }
    }

    public static void Write(DissatisfactionModel model, Stream output)
    {
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartObject();
        w.WriteString("format", Format);
        w.WriteNumber("version", Version);
        WriteProvenance(w, model.Provenance);
        w.WriteStartObject("languages");
        foreach (var (language, lm) in model.Languages.OrderBy(l => l.Key))
            WriteLanguage(w, language, lm);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static string Name(Language language) => language == Language.Zh ? "zh" : "en";

    private static void WriteProvenance(Utf8JsonWriter w, ModelProvenance p)
    {
        w.WriteStartObject("trainedOn");
        w.WriteString("history", p.Source);
        w.WriteNumber("seed", p.Seed);
        w.WriteNumber("folds", p.Folds);
        w.WriteNumber("dissatisfiedAtOrBelow", p.DissatisfiedAtOrBelow);
        w.WriteNumber("l2", p.L2);
        w.WriteNumber("sustainedMessages", p.SustainedMessages);
        w.WriteEndObject();
    }

    private static void WriteLanguage(Utf8JsonWriter w, Language language, LanguageModel lm)
    {
        w.WriteStartObject(Name(language));
        w.WriteNumber("bias", Round(lm.Bias));
        w.WriteNumber("operatingPoint", Round(lm.OperatingPoint));
        if (lm.Quality is { } q)
        {
            w.WriteStartObject("crossValidated");
            w.WriteNumber("interactions", q.Interactions);
            w.WriteNumber("dissatisfied", q.Dissatisfied);
            w.WriteNumber("precisionAtRecall50", Round(q.PrecisionAtRecall50));
            w.WriteNumber("recallAtPrecision70", Round(q.RecallAtPrecision70));
            w.WriteNumber("precisionAtOperatingPoint", Round(q.Precision));
            w.WriteNumber("recallAtOperatingPoint", Round(q.Recall));
            w.WriteEndObject();
        }
        w.WriteStartObject("shape");
        for (var i = 0; i < ConversationShape.Names.Length; i++)
            w.WriteNumber(ConversationShape.Names[i], Round(lm.ShapeWeights[i]));
        w.WriteEndObject();
        w.WriteStartObject("cues");
        foreach (var (spelling, weight) in lm.Cues.All().OrderByDescending(c => c.Weight).ThenBy(c => c.Spelling, StringComparer.Ordinal))
            w.WriteNumber(spelling, Math.Round(weight, 4));
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static double Round(double value) => Math.Round(value, 6);

    private static DissatisfactionModel FromJson(JsonElement root, string source)
    {
        var errors = new List<string>();
        if (root.ValueKind != JsonValueKind.Object)
            throw new ModelFileException(source, "must be a JSON object");
        if (!root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != Format)
            throw new ModelFileException(source, $"format: expected \"{Format}\"; is this a model file made by `train`?");
        if (!root.TryGetProperty("version", out var version) || !version.TryGetInt32(out var v) || v != Version)
            throw new ModelFileException(source, $"version: this build reads version {Version}, the file has {(root.TryGetProperty("version", out var raw) ? raw.GetRawText() : "none")}");
        var provenance = Provenance(root, errors);
        var languages = new Dictionary<Language, LanguageModel>();
        if (!root.TryGetProperty("languages", out var langs) || langs.ValueKind != JsonValueKind.Object)
            errors.Add("languages: expected an object with \"zh\" and/or \"en\"");
        else
            foreach (var lang in langs.EnumerateObject())
            {
                if (lang.Name is not ("zh" or "en"))
                    errors.Add($"languages.{lang.Name}: unknown language; expected zh or en");
                else if (ReadLanguage(lang.Value, $"languages.{lang.Name}", errors) is { } lm)
                    languages[lang.Name == "zh" ? Language.Zh : Language.En] = lm;
            }
        if (errors.Count == 0 && languages.Count == 0)
            errors.Add("languages: no language in the file");
        if (errors.Count > 0)
            throw new ModelFileException(source, string.Join("; ", errors));
        return new DissatisfactionModel(languages, provenance);
    }

    private static ModelProvenance Provenance(JsonElement root, List<string> errors)
    {
        if (!root.TryGetProperty("trainedOn", out var t) || t.ValueKind != JsonValueKind.Object)
            return new ModelProvenance("unknown", 0, 0, -0.5, 0);
        return new ModelProvenance(
            t.TryGetProperty("history", out var h) && h.ValueKind == JsonValueKind.String ? h.GetString()! : "unknown",
            t.TryGetProperty("seed", out var s) && s.TryGetInt32(out var seed) ? seed : 0,
            t.TryGetProperty("folds", out var f) && f.TryGetInt32(out var folds) ? folds : 0,
            Number(t, "dissatisfiedAtOrBelow", "trainedOn", errors) ?? -0.5,
            Number(t, "l2", "trainedOn", errors) ?? 0,
            t.TryGetProperty("sustainedMessages", out var m) && m.TryGetInt32(out var sustained) ? sustained : 1);
    }

    private static LanguageModel? ReadLanguage(JsonElement e, string path, List<string> errors)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{path}: expected an object");
            return null;
        }
        var bias = Number(e, "bias", path, errors, required: true);
        var operatingPoint = Number(e, "operatingPoint", path, errors, required: true);
        var shape = new double[ConversationShape.Names.Length];
        if (!e.TryGetProperty("shape", out var s) || s.ValueKind != JsonValueKind.Object)
            errors.Add($"{path}.shape: expected an object with {string.Join(", ", ConversationShape.Names)}");
        else
            for (var i = 0; i < shape.Length; i++)
                shape[i] = Number(s, ConversationShape.Names[i], $"{path}.shape", errors, required: true) ?? 0;
        var cues = new List<(string, float)>(e.TryGetProperty("cues", out var listed) && listed.ValueKind == JsonValueKind.Object ? listed.GetPropertyCount() : 0);
        if (!e.TryGetProperty("cues", out var c) || c.ValueKind != JsonValueKind.Object)
            errors.Add($"{path}.cues: expected an object of cue → weight");
        else
            foreach (var cue in c.EnumerateObject())
                if (cue.Value.ValueKind == JsonValueKind.Number && double.IsFinite(cue.Value.GetDouble()))
                    cues.Add((CueText.Folded(cue.Name), (float)cue.Value.GetDouble()));
                else
                    errors.Add($"{path}.cues.{cue.Name}: expected a number, got {cue.Value.GetRawText()}");
        if (bias is null || operatingPoint is null || errors.Count > 0)
            return null;
        try
        {
            return new LanguageModel(bias.Value, operatingPoint.Value, shape, new CueTable(cues));
        }
        catch (ArgumentException ex)
        {
            errors.Add($"{path}.cues: {ex.Message.Split(" (Parameter")[0]}");
            return null;
        }
    }

    private static double? Number(JsonElement e, string name, string path, List<string> errors, bool required = false)
    {
        if (!e.TryGetProperty(name, out var value))
        {
            if (required)
                errors.Add($"{path}.{name}: is required");
            return null;
        }
        if (value.ValueKind == JsonValueKind.Number && double.IsFinite(value.GetDouble()))
            return value.GetDouble();
        errors.Add($"{path}.{name}: expected a number, got {value.GetRawText()}");
        return null;
    }

    private static string FirstSentence(string message) =>
        message.IndexOf(". ", StringComparison.Ordinal) is var end and >= 0 ? message[..end] : message;
}

/// <summary>A model file that cannot be used, with the file and what is wrong in it.</summary>
public sealed class ModelFileException(string source, string problem) : Exception($"model {source}: {problem}")
{
    public string ModelSource { get; } = source;
}
