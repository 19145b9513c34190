namespace RiskTriggers.Engine.Dissatisfaction;

/// <summary>
/// The customer's messages so far, as the model sees them: running cue sums per language and the shape counts.
/// A small value (about 60 bytes, sums as float) kept per open interaction; adding a message allocates nothing.
/// </summary>
public struct Conversation
{
    public int Messages;
    public int Questions;
    public int Exclamations;
    public int ZhChars;
    public int EnChars;
    public float ZhCueSum;
    public int ZhCues;
    public float EnCueSum;
    public int EnCues;
    public float AgentCueSum;
    public int AgentCues;
    public float LatestCueSum;
    public int LatestCues;

    /// <summary>Customer messages in a row, up to the latest, after which the score was at or above the threshold.</summary>
    public byte AboveFor;

    /// <summary>The signal fired during the current stretch above the threshold (it fires again only after a fall).</summary>
    public bool Signalled;

    public readonly Language Language => ZhChars * 4 >= EnChars && ZhChars > 0 ? Language.Zh : Language.En;

    /// <summary>Adds a customer message, its cues weighed by the model of the message's language.</summary>
    /// <remarks>Without a model only the counts move (training reads the cues itself).</remarks>
    public void Add(ReadOnlySpan<char> text, DissatisfactionModel? model)
    {
        var cues = model?.For(CueReader.LanguageOf(text))?.Cues;
        var sink = new WeightSum(cues);
        var shape = CueReader.Read(text, ref sink);
        var latest = new WeightSum(cues);
        CueReader.Read(text, ref latest, CueKey.LatestStart);
        LatestCueSum = latest.Sum;
        LatestCues = latest.Count;
        Messages++;
        Questions += shape.Questions;
        Exclamations += shape.Exclamations;
        if (shape.Language == Language.Zh)
        {
            ZhChars += shape.CjkChars + shape.WordChars;
            ZhCueSum += sink.Sum;
            ZhCues += sink.Count;
        }
        else
        {
            EnChars += shape.CjkChars + shape.WordChars;
            EnCueSum += sink.Sum;
            EnCues += sink.Count;
        }
    }

    /// <summary>Adds an agent's reply: its cues (under "agent:") weighed by the model of the conversation's language.</summary>
    public void AddAgent(ReadOnlySpan<char> text, DissatisfactionModel? model)
    {
        var language = Messages > 0 ? Language : CueReader.LanguageOf(text);
        var sink = new WeightSum(model?.For(language)?.Cues);
        CueReader.Read(text, ref sink, CueKey.AgentStart);
        AgentCueSum += sink.Sum;
        AgentCues += sink.Count;
    }

    /// <summary>The logit under the model of the conversation's language, or null when there is none.</summary>
    public readonly double? Logit(DissatisfactionModel model)
    {
        if (Messages == 0 || model.For(Language) is not { } language)
            return null;
        Span<double> shape = stackalloc double[ConversationShape.Names.Length];
        ConversationShape.Fill(shape, Messages, Questions, Exclamations, ZhChars + EnChars);
        return Language == Language.Zh
            ? language.Logit(new(ZhCueSum, ZhCues), new(LatestCueSum, LatestCues), new(AgentCueSum, AgentCues), shape)
            : language.Logit(new(EnCueSum, EnCues), new(LatestCueSum, LatestCues), new(AgentCueSum, AgentCues), shape);
    }

    /// <summary>0..1, 0.5 at the model's operating point; null before the first message.</summary>
    public readonly double? Score(DissatisfactionModel model) =>
        Logit(model) is { } logit ? model.For(Language)!.Score(logit) : null;

    private struct WeightSum(CueTable? cues) : ICueSink
    {
        public float Sum;
        public int Count;

        public void Cue(ulong key, Range first, Range second)
        {
            Count++;
            if (cues is not null)
                Sum += cues.WeightOf(key);
        }
    }
}
