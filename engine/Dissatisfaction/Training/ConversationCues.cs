namespace RiskTriggers.Engine.Dissatisfaction.Training;

/// <summary>
/// A conversation as training sees it: the cue counts of its messages in its own language, with one spelling per
/// cue, and the same counters the engine keeps (<see cref="Conversation"/>), so both compute the same logit.
/// </summary>
public sealed class ConversationCues
{
    public required Conversation Counters { get; init; }
    public required Dictionary<ulong, int> Counts { get; init; }
    public int CueCount { get; init; }
    public Language Language => Counters.Language;

    public static ConversationCues Of(IReadOnlyList<string> messages, Dictionary<ulong, string> spellings)
    {
        var counters = new Conversation();
        var byLanguage = new Dictionary<Language, (Dictionary<ulong, int> Counts, int Total)>();
        foreach (var message in messages)
        {
            counters.Add(message, null);
            var sink = new Collector(message, new Dictionary<ulong, int>(), spellings);
            var language = CueReader.LanguageOf(message);
            CueReader.Read(message, ref sink);
            var (counts, total) = byLanguage.TryGetValue(language, out var seen) ? seen : (new Dictionary<ulong, int>(), 0);
            foreach (var (key, n) in sink.Counts)
                counts[key] = counts.GetValueOrDefault(key) + n;
            byLanguage[language] = (counts, total + sink.Total);
        }
        byLanguage.TryGetValue(counters.Language, out var own);
        return new ConversationCues { Counters = counters, Counts = own.Counts ?? [], CueCount = own.Total };
    }

    private struct Collector(string text, Dictionary<ulong, int> counts, Dictionary<ulong, string> spellings) : ICueSink
    {
        public readonly Dictionary<ulong, int> Counts = counts;
        public int Total;

        public void Cue(ulong key, Range first, Range second)
        {
            Total++;
            Counts[key] = Counts.GetValueOrDefault(key) + 1;
            if (!spellings.ContainsKey(key))
                spellings[key] = CueReader.Spelling(text, first, second);
        }
    }
}
