namespace RiskTriggers.Engine.Dissatisfaction;

/// <summary>
/// Explains a scored message: each of its cues' share of the logit (as the whole conversation counts it and as
/// the latest message), strongest pushes first, then the strongest pulls. Runs only when a signal fires.
/// </summary>
public static class MessageCues
{
    public static IReadOnlyList<CueContribution> Explain(string text, in Conversation conversation, LanguageModel model, int pushes = 3, int pulls = 2)
    {
        var sink = new Collector(text, model.Cues, new Dictionary<string, double>(StringComparer.Ordinal),
            LanguageModel.Scaled(1, conversation.Language == Language.Zh ? conversation.ZhCues : conversation.EnCues),
            LanguageModel.Scaled(1, conversation.LatestCues));
        CueReader.Read(text, ref sink);
        var byCue = sink.ByCue;
        return [
            .. byCue.Where(c => c.Value > 0.005).OrderByDescending(c => c.Value).Take(pushes).Select(c => new CueContribution(c.Key, c.Value)),
            .. byCue.Where(c => c.Value < -0.005).OrderBy(c => c.Value).Take(pulls).Select(c => new CueContribution(c.Key, c.Value)),
        ];
    }

    private struct Collector(string text, CueTable cues, Dictionary<string, double> byCue, double wholeScale, double latestScale) : ICueSink
    {
        public readonly Dictionary<string, double> ByCue = byCue;

        public void Cue(ulong key, Range first, Range second)
        {
            var latestKey = LatestKey(text, first, second);
            var logit = cues.WeightOf(key) * wholeScale + cues.WeightOf(latestKey) * latestScale;
            if (logit == 0)
                return;
            var spelling = CueReader.Spelling(text, first, second);
            ByCue[spelling] = ByCue.GetValueOrDefault(spelling) + logit;
        }

        private static ulong LatestKey(string text, Range first, Range second)
        {
            var hash = CueKey.LatestStart;
            foreach (var c in CueReader.Spelling(text, first, second))
                hash = CueKey.Add(hash, c);
            return hash;
        }
    }
}
