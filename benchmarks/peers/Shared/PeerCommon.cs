#if RISKTRIGGERS_PEER
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RiskTriggers.Peers;

/// <summary>
/// One line of the events file, as the peers see it: the wire shape of RiskTriggers' events (camelCase),
/// but a record of the peers' own; nothing here references the engine. The type stays a string.
/// </summary>
public sealed record PeerEvent(
    string EventId,
    string Type,
    DateTimeOffset OccurredAt,
    string InteractionId,
    string CustomerId,
    string? Channel = null,
    string? Queue = null,
    string? AgentId = null,
    string? CustomerTier = null,
    string? Topic = null,
    string? Text = null);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(PeerEvent))]
internal sealed partial class PeerJson : JsonSerializerContext;

/// <summary>The four signal kinds and how often each fired.</summary>
public sealed class SignalCounts
{
    public long InquiryRepeated;
    public long ReplyOverdue;
    public long QueueWaitExceeded;
    public long NegativePhraseSpotted;
}

/// <summary>
/// The built-in thresholds of RiskTriggers (engine/Settings/RiskSettings.BuiltIn), written out once for both
/// peers: the seed defaults plus the one override the built-in document carries, email replies after 4h.
/// </summary>
public static class Defaults
{
    public const int InquiryMoreThan = 3;
    public static readonly TimeSpan InquiryWindow = TimeSpan.FromHours(24);
    public const double ReplyAfterMinutes = 5;
    public const double EmailReplyAfterMinutes = 4 * 60;
    public const double QueueAfterMinutes = 10;
    /// <summary>"More than" the threshold: a stop exactly at the threshold still counts (as in the engine).</summary>
    public static readonly TimeSpan Resolution = TimeSpan.FromMilliseconds(1);
    /// <summary>After the last event the clock runs on this long, so pending deadlines fire (replay's --drain 1d).</summary>
    public static readonly TimeSpan Drain = TimeSpan.FromDays(1);

    public static double ReplyAfterMinutesFor(string? channel) =>
        channel == "email" ? EmailReplyAfterMinutes : ReplyAfterMinutes;
}

public static class Peer
{
    /// <summary>Arguments: EVENTS.jsonl [LEXICON.json]; the lexicon defaults to rules/Data/lexicon.json of the repo.</summary>
    public static (string Events, string Lexicon) ParseArgs(string[] args, string name)
    {
        if (args.Length is < 1 or > 2 || args[0] is "-h" or "--help")
        {
            Console.Error.WriteLine($"usage: {name} EVENTS.jsonl [LEXICON.json]");
            Environment.Exit(2);
        }
        return (args[0], args.Length > 1 ? args[1] : FindLexicon());
    }

    private static string FindLexicon()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "rules", "Data", "lexicon.json");
            if (File.Exists(candidate))
                return candidate;
        }
        throw new FileNotFoundException("rules/Data/lexicon.json not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Phrases of each class ("frustration", "escalationThreat", ...), all languages together.</summary>
    public static Dictionary<string, string[]> LoadLexicon(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var classes = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var phraseClass in doc.RootElement.GetProperty("phrases").EnumerateObject())
        {
            classes[phraseClass.Name] = phraseClass.Value.EnumerateObject()
                .SelectMany(language => language.Value.EnumerateArray().Select(p => p.GetString()!.Trim()))
                .Where(p => p.Length > 0)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToArray();
        }
        return classes;
    }

    /// <summary>The events of a JSON-lines file, one System.Text.Json deserialisation per non-blank line.</summary>
    public static IEnumerable<PeerEvent> ReadEvents(string path)
    {
        using var reader = new StreamReader(path, new FileStreamOptions { BufferSize = 1 << 16, Options = FileOptions.SequentialScan });
        while (reader.ReadLine() is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
                continue;
            yield return JsonSerializer.Deserialize(line, PeerJson.Default.PeerEvent)
                ?? throw new InvalidDataException("null event line");
        }
    }

    /// <summary>The summary on stderr, in the shape of `risktriggers replay`'s so compare.sh reads all three alike.</summary>
    public static void Report(string name, long events, TimeSpan elapsed, SignalCounts counts)
    {
        var error = Console.Error;
        error.WriteLine($"{name}: {events} events accepted in {elapsed.TotalSeconds:F2} s, {events / elapsed.TotalSeconds:F0} events/s");
        error.WriteLine($"signals: {counts.InquiryRepeated + counts.ReplyOverdue + counts.QueueWaitExceeded + counts.NegativePhraseSpotted}");
        error.WriteLine($"  {"InquiryRepeated",-40} {counts.InquiryRepeated,6}");
        error.WriteLine($"  {"NegativePhraseSpotted",-40} {counts.NegativePhraseSpotted,6}");
        error.WriteLine($"  {"QueueWaitExceeded",-40} {counts.QueueWaitExceeded,6}");
        error.WriteLine($"  {"ReplyOverdue",-40} {counts.ReplyOverdue,6}");
    }

    public static Stopwatch StartClock() => Stopwatch.StartNew();
}
#endif
