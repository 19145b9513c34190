using RiskTriggers.Engine.Dissatisfaction;
using RiskTriggers.Engine.Dissatisfaction.Training;

namespace RiskTriggers.Engine.Tests.Dissatisfaction;

public sealed class ModelTrainerTests
{
    [Test]
    public void Train_SmallLabelledHistory_LearnsBothLanguagesWithCrossValidatedQuality()
    {
        var (model, report) = ModelTrainer.Train(TrainingFixture.Conversations(240), TrainingFixture.Options);

        Assert.Multiple(() =>
        {
            Assert.That(report.Languages.Select(l => l.Language), Is.EquivalentTo(new[] { Language.Zh, Language.En }));
            // 10 % of the labels are flipped, so a model that learned the cues sits well above the base rate (0.35).
            Assert.That(report.Languages.Select(l => l.PrecisionAtRecall50), Has.All.GreaterThan(0.7));
            Assert.That(model.For(Language.Zh)!.Cues.WeightOf(CueKey.Of("到底")), Is.GreaterThan(0));
            Assert.That(model.For(Language.Zh)!.Cues.WeightOf(CueKey.Of("谢谢")), Is.LessThan(0));
            Assert.That(model.For(Language.En)!.Cues.WeightOf(CueKey.Of("thank")), Is.LessThan(0));
        });
    }

    [Test]
    public void Train_SameHistoryAndSeed_WritesTheSameBytes()
    {
        var history = TrainingFixture.Conversations(120);

        var first = Bytes(history, 7);
        var second = Bytes(history, 7);

        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void Conversation_RunningSums_GiveTheLogitTrainingComputesFromCounts()
    {
        var history = TrainingFixture.Conversations(120);
        var (model, _) = ModelTrainer.Train(history, TrainingFixture.Options);
        var spellings = new Dictionary<ulong, string>();

        foreach (var conversation in history.Take(30))
        {
            var cues = ConversationCues.Of(conversation.Turns, spellings);
            var engine = new Conversation();
            foreach (var turn in conversation.Turns)
            {
                if (turn.FromCustomer) engine.Add(turn.Text, model);
                else engine.AddAgent(turn.Text, model);
            }
            var language = model.For(cues.Language)!;
            Assert.That(engine.Logit(model), Is.EqualTo(ModelTrainer.LogitAsTrained(language, cues)).Within(1e-4), conversation.InteractionId);
        }
    }

    [Test]
    public void Train_OneLabelOnly_SaysWhatIsMissing()
    {
        var allSatisfied = TrainingFixture.Conversations(60).Select(c => c with { Dissatisfied = false }).ToList();

        var error = Assert.Throws<TrainingException>(() => ModelTrainer.Train(allSatisfied, TrainingFixture.Options))!;

        Assert.That(error.Message, Does.Contain("0 dissatisfied").And.Contain("need at least 10 with both labels"));
    }

    [Test]
    public void FiringLogit_IsTheBestOfEachStretchsLowestScore()
    {
        var (model, _) = ModelTrainer.Train(TrainingFixture.Conversations(120), TrainingFixture.Options);
        Turn[] turns = [new(true, "你们到底怎么回事？"), new(false, "亲，请私信"), new(true, "好的谢谢"), new(true, "还是没到账")];
        var scores = new List<double>();
        var conversation = new Conversation();
        foreach (var turn in turns)
        {
            if (!turn.FromCustomer) { conversation.AddAgent(turn.Text, model); continue; }
            conversation.Add(turn.Text, model);
            scores.Add(conversation.Logit(model)!.Value);
        }

        Assert.Multiple(() =>
        {
            Assert.That(ModelTrainer.FiringLogit(turns, model, 1), Is.EqualTo(scores.Max()).Within(1e-12));
            Assert.That(ModelTrainer.FiringLogit(turns, model, 2), Is.EqualTo(new[]
                { Math.Min(scores[0], scores[1]), Math.Min(scores[1], scores[2]), scores[2] }.Max()).Within(1e-12));
            Assert.That(ModelTrainer.FiringLogit(turns, model, 3), Is.EqualTo(new[]
                { scores.Min(), Math.Min(scores[1], scores[2]), scores[2] }.Max()).Within(1e-12));
        });
    }

    private static byte[] Bytes(List<LabelledConversation> history, int seed)
    {
        var (model, _) = ModelTrainer.Train(history, TrainingFixture.Options with { Seed = seed });
        using var stream = new MemoryStream();
        ModelFile.Write(model, stream);
        return stream.ToArray();
    }
}
