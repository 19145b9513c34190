namespace RiskTriggers.Engine.Dissatisfaction;

/// <summary>
/// The customer's messages so far, as the model sees them: running cue sums per language and the shape counts.
/// A small value kept per open interaction; adding a message reads it once and allocates nothing.
/// </summary>
public struct Conversation
{
    public int Messages;
    public int Questions;
    public int Exclamations;
    public int ZhChars;
    public int EnChars;
    public double ZhCueSum;
    public int ZhCues;
    public double EnCueSum;
    public int EnCues;

    public readonly Language Language => ZhChars * 4 >= EnChars && ZhChars > 0 ? Language.Zh : Language.En;

    /// <summary>Adds a customer message, its cues weighed by the model of the message's language.</summary>
    /// <remarks>Without a model only the counts move (training reads the cues itself).</remarks>
    public void Add(ReadOnlySpan<char> text, DissatisfactionModel? model)
    {
        var sink = new WeightSum(model?.For(CueReader.LanguageOf(text))?.Cues);
        var shape = CueReader.Read(text, ref sink);
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

    /// <summary>The logit under the model of the conversation's language, or null when there is none.</summary>
    public readonly double? Logit(DissatisfactionModel model)
    {
        if (Messages == 0 || model.For(Language) is not { } language)
            return null;
        Span<double> shape = stackalloc double[ConversationShape.Names.Length];
        ConversationShape.Fill(shape, Messages, Questions, Exclamations, ZhChars + EnChars);
        return Language == Language.Zh
            ? language.Logit(ZhCueSum, ZhCues, shape)
            : language.Logit(EnCueSum, EnCues, shape);
    }

    /// <summary>0..1, 0.5 at the model's operating point; null before the first message.</summary>
    public readonly double? Score(DissatisfactionModel model) =>
        Logit(model) is { } logit ? model.For(Language)!.Score(logit) : null;

    private struct WeightSum(CueTable? cues) : ICueSink
    {
        public double Sum;
        public int Count;

        public void Cue(ulong key, Range first, Range second)
        {
            Count++;
            if (cues is not null)
                Sum += cues.WeightOf(key);
        }
    }
}
