namespace RiskTriggers.Engine.Dissatisfaction.Training;

/// <summary>
/// A conversation as training sees it: the cue counts of the customer's messages in the conversation's language,
/// those of the agent's replies, one spelling per cue, and the counters the engine keeps
/// (<see cref="Conversation"/>), so training and the engine compute the same logit.
/// </summary>
public sealed class ConversationCues
{
    public required Conversation Counters { get; init; }
    public required Dictionary<ulong, int> Counts { get; init; }
    public required Dictionary<ulong, int> AgentCounts { get; init; }
    public int CueCount { get; init; }
    public int AgentCueCount { get; init; }
    public Dictionary<ulong, int> LatestCounts { get; init; } = [];
    public int LatestCueCount { get; init; }
    public Language Language => Counters.Language;

    public static ConversationCues Of(IReadOnlyList<Turn> turns, Dictionary<ulong, string> spellings)
    {
        var counters = new Conversation();
        var byLanguage = new Dictionary<Language, (Dictionary<ulong, int> Counts, int Total)>();
        var agent = new Collector(new Dictionary<ulong, int>(), spellings, CueKey.AgentPrefix);
        var latest = new Collector(new Dictionary<ulong, int>(), spellings, CueKey.LatestPrefix);
        foreach (var turn in turns)
        {
            if (!turn.FromCustomer)
            {
                counters.AddAgent(turn.Text, null);
                agent.Text = turn.Text;
                CueReader.Read(turn.Text, ref agent, CueKey.AgentStart);
                continue;
            }
            counters.Add(turn.Text, null);
            var sink = new Collector(new Dictionary<ulong, int>(), spellings, "") { Text = turn.Text };
            CueReader.Read(turn.Text, ref sink);
            latest = new Collector(new Dictionary<ulong, int>(), spellings, CueKey.LatestPrefix) { Text = turn.Text };
            CueReader.Read(turn.Text, ref latest, CueKey.LatestStart);
            var language = CueReader.LanguageOf(turn.Text);
            var (counts, total) = byLanguage.TryGetValue(language, out var seen) ? seen : (new Dictionary<ulong, int>(), 0);
            foreach (var (key, n) in sink.Counts)
                counts[key] = counts.GetValueOrDefault(key) + n;
            byLanguage[language] = (counts, total + sink.Total);
        }
        byLanguage.TryGetValue(counters.Language, out var own);
        return new ConversationCues
        {
            Counters = counters, Counts = own.Counts ?? [], CueCount = own.Total,
            AgentCounts = agent.Counts, AgentCueCount = agent.Total,
            LatestCounts = latest.Counts, LatestCueCount = latest.Total,
        };
    }

    private struct Collector(Dictionary<ulong, int> counts, Dictionary<ulong, string> spellings, string prefix) : ICueSink
    {
        public readonly Dictionary<ulong, int> Counts = counts;
        public int Total;
        public string Text = "";

        public void Cue(ulong key, Range first, Range second)
        {
            Total++;
            Counts[key] = Counts.GetValueOrDefault(key) + 1;
            if (!spellings.ContainsKey(key))
                spellings[key] = prefix + CueReader.Spelling(Text, first, second);
        }
    }
}
