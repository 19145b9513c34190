namespace RiskTriggers.Engine.Dissatisfaction.Training;

/// <summary>What training measured for one language, by k-fold cross-validation on conversation prefixes.</summary>
public sealed record LanguageReport(
    Language Language, int Conversations, int Dissatisfied, double L2, int Cues,
    double PrecisionAtRecall50, double RecallAtPrecision70, RankingMetrics.Point OperatingPoint,
    IReadOnlyList<RankingMetrics.Point> Curve);

/// <summary>The training result: the model and, per language, what was measured or why it was left out.</summary>
public sealed record TrainingReport(IReadOnlyList<LanguageReport> Languages, IReadOnlyList<string> Skipped);

/// <summary>
/// Learns one logistic model per language from labelled conversations. Cross-validation scores a held-out
/// conversation the way the engine fires: the highest score held over <see cref="TrainingOptions.SustainedMessages"/>
/// customer messages in a row, or up to the close (<see cref="FiringLogit"/>).
/// </summary>
public static class ModelTrainer
{
    public static (DissatisfactionModel Model, TrainingReport Report) Train(IReadOnlyList<LabelledConversation> conversations, TrainingOptions options)
    {
        var spellings = new Dictionary<ulong, string>();
        var cues = conversations.Select(c => (Conversation: c, Cues: ConversationCues.Of(c.Turns, spellings))).ToList();
        var models = new Dictionary<Language, LanguageModel>();
        var reports = new List<LanguageReport>();
        var skipped = new List<string>();
        foreach (var language in new[] { Language.Zh, Language.En })
        {
            var mine = cues.Where(c => c.Cues.Language == language).ToList();
            var positives = mine.Count(c => c.Conversation.Dissatisfied);
            if (mine.Count < options.MinPerLanguage || positives == 0 || positives == mine.Count)
            {
                if (mine.Count > 0)
                    skipped.Add($"{ModelFile.Name(language)}: {mine.Count} labelled conversations, {positives} dissatisfied; need at least {options.MinPerLanguage} with both labels");
                continue;
            }
            var (model, report) = TrainLanguage(language, mine, spellings, options);
            models[language] = model;
            reports.Add(report);
        }
        if (models.Count == 0)
            throw new TrainingException(skipped.Count > 0
                ? "no language has enough labelled conversations: " + string.Join("; ", skipped)
                : "no labelled conversation with customer messages in the history");
        var provenance = new ModelProvenance(options.Source, options.Seed, options.Folds, options.DissatisfiedAtOrBelow, reports[0].L2, options.SustainedMessages);
        return (new DissatisfactionModel(models, provenance), new TrainingReport(reports, skipped));
    }

    private static (LanguageModel, LanguageReport) TrainLanguage(
        Language language, List<(LabelledConversation Conversation, ConversationCues Cues)> items, Dictionary<ulong, string> spellings, TrainingOptions options)
    {
        var folds = FoldsOf(items.Count, options);
        var best = options.L2
            .Select(l2 => (L2: l2, Curve: RankingMetrics.Curve(CrossValidate(language, items, folds, spellings, l2, options))))
            .OrderByDescending(r => RankingMetrics.PrecisionAtRecall(r.Curve, 0.5)).ThenByDescending(r => r.L2)
            .First();
        var operating = RankingMetrics.AtRecall(best.Curve, options.TargetRecall);
        var final = Fit(language, items.Select(i => i.Cues).ToList(), items.Select(i => i.Conversation.Dissatisfied).ToList(), spellings, best.L2, options, operating.Threshold);
        var quality = new LanguageQuality(items.Count, items.Count(i => i.Conversation.Dissatisfied),
            RankingMetrics.PrecisionAtRecall(best.Curve, 0.5), RankingMetrics.RecallAtPrecision(best.Curve, 0.7), operating.Precision, operating.Recall);
        var model = new LanguageModel(final.Bias, final.OperatingPoint, [.. final.ShapeWeights], final.Cues, quality);
        return (model, new LanguageReport(language, quality.Interactions, quality.Dissatisfied, best.L2, final.Cues.Count,
            quality.PrecisionAtRecall50, quality.RecallAtPrecision70, operating, best.Curve));
    }

    private static int[] FoldsOf(int count, TrainingOptions options)
    {
        var order = Enumerable.Range(0, count).ToArray();
        new Random(options.Seed).Shuffle(order);
        var folds = new int[count];
        for (var i = 0; i < order.Length; i++)
            folds[order[i]] = i % options.Folds;
        return folds;
    }

    private static List<(double, bool)> CrossValidate(
        Language language, List<(LabelledConversation Conversation, ConversationCues Cues)> items, int[] folds,
        Dictionary<ulong, string> spellings, double l2, TrainingOptions options)
    {
        var scored = new List<(double, bool)>();
        for (var fold = 0; fold < options.Folds; fold++)
        {
            var train = Enumerable.Range(0, items.Count).Where(i => folds[i] != fold).ToList();
            var model = Fit(language, train.ConvertAll(i => items[i].Cues), train.ConvertAll(i => items[i].Conversation.Dissatisfied), spellings, l2, options, 0);
            var asModel = new DissatisfactionModel(new Dictionary<Language, LanguageModel> { [language] = model }, new ModelProvenance("fold", 0, 0, 0, l2));
            for (var i = 0; i < items.Count; i++)
                if (folds[i] == fold)
                    scored.Add((FiringLogit(items[i].Conversation.Turns, asModel, options.SustainedMessages), items[i].Conversation.Dissatisfied));
        }
        return scored;
    }

    /// <summary>
    /// The highest threshold this conversation would fire the signal at: the signal fires once the score holds
    /// for <paramref name="sustained"/> customer messages in a row, or until the close, so that is the best,
    /// over every such stretch, of its lowest score.
    /// </summary>
    public static double FiringLogit(IReadOnlyList<Turn> turns, DissatisfactionModel model, int sustained)
    {
        var conversation = new Conversation();
        var scores = new List<double>();
        foreach (var turn in turns)
        {
            if (!turn.FromCustomer)
            {
                conversation.AddAgent(turn.Text, model);
                continue;
            }
            conversation.Add(turn.Text, model);
            if (conversation.Logit(model) is { } logit)
                scores.Add(logit);
        }
        var highest = double.NegativeInfinity;
        for (var start = 0; start < scores.Count; start++)
        {
            var lowest = double.PositiveInfinity;
            for (var k = start; k < Math.Min(start + sustained, scores.Count); k++)
                lowest = Math.Min(lowest, scores[k]);
            highest = Math.Max(highest, lowest);
        }
        return highest;
    }

    /// <summary>
    /// The logit of a whole conversation as training computes it (cue counts over their scale, shape values),
    /// with a trained model's weights: must equal <see cref="Conversation.Logit"/>, the engine's running sums.
    /// </summary>
    internal static double LogitAsTrained(LanguageModel model, ConversationCues item)
    {
        double Group(Dictionary<ulong, int> counts, int total) =>
            counts.Sum(kv => model.Cues.WeightOf(kv.Key) * LanguageModel.Scaled(kv.Value, total));
        var shape = new double[ConversationShape.Names.Length];
        var c = item.Counters;
        ConversationShape.Fill(shape, c.Messages, c.Questions, c.Exclamations, c.ZhChars + c.EnChars);
        return model.Bias + Group(item.Counts, item.CueCount) + Group(item.LatestCounts, item.LatestCueCount)
            + Group(item.AgentCounts, item.AgentCueCount) + shape.Select((v, i) => v * model.ShapeWeights[i]).Sum();
    }

    private static LanguageModel Fit(
        Language language, List<ConversationCues> items, List<bool> labels, Dictionary<ulong, string> spellings, double l2, TrainingOptions options, double operatingPoint)
    {
        var vocabulary = Vocabulary(items, options.MinConversations);
        var examples = new List<Example>(items.Count);
        for (var i = 0; i < items.Count; i++)
            examples.Add(ExampleOf(items[i], labels[i], vocabulary));
        var regression = new LogisticRegression(vocabulary.Count, ConversationShape.Names.Length);
        regression.Fit(examples, l2, options.Epochs, options.Seed);
        var weights = vocabulary
            .Where(v => Math.Abs(regression.CueWeights[v.Value]) >= 1e-4)
            .Select(v => (spellings[v.Key], (float)Math.Round(regression.CueWeights[v.Value], 4)))
            .ToList();
        return new LanguageModel(regression.Bias, operatingPoint, regression.ShapeWeights, new CueTable(weights));
    }

    private static Dictionary<ulong, int> Vocabulary(List<ConversationCues> items, int minConversations)
    {
        var seenIn = new Dictionary<ulong, int>();
        foreach (var item in items)
            foreach (var key in item.Counts.Keys.Concat(item.AgentCounts.Keys).Concat(item.LatestCounts.Keys))
                seenIn[key] = seenIn.GetValueOrDefault(key) + 1;
        var vocabulary = new Dictionary<ulong, int>();
        foreach (var (key, n) in seenIn.OrderBy(kv => kv.Key))
            if (n >= minConversations)
                vocabulary[key] = vocabulary.Count;
        return vocabulary;
    }

    private static Example ExampleOf(ConversationCues item, bool positive, Dictionary<ulong, int> vocabulary)
    {
        var known = item.Counts.Select(kv => (kv.Key, Value: LanguageModel.Scaled(kv.Value, item.CueCount)))
            .Concat(item.AgentCounts.Select(kv => (kv.Key, Value: LanguageModel.Scaled(kv.Value, item.AgentCueCount))))
            .Concat(item.LatestCounts.Select(kv => (kv.Key, Value: LanguageModel.Scaled(kv.Value, item.LatestCueCount))))
            .Where(kv => vocabulary.ContainsKey(kv.Key)).OrderBy(kv => vocabulary[kv.Key]).ToArray();
        var shape = new double[ConversationShape.Names.Length];
        var c = item.Counters;
        ConversationShape.Fill(shape, c.Messages, c.Questions, c.Exclamations, c.ZhChars + c.EnChars);
        return new Example(known.Select(kv => vocabulary[kv.Key]).ToArray(), known.Select(kv => kv.Value).ToArray(), shape, positive);
    }
}

/// <summary>A history that cannot be trained on, and why.</summary>
public sealed class TrainingException(string message) : Exception(message);
