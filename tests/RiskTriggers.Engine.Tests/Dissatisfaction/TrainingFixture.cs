using RiskTriggers.Engine.Dissatisfaction.Training;

namespace RiskTriggers.Engine.Tests.Dissatisfaction;

/// <summary>A small labelled history: dissatisfied customers press ("你们到底…？"), satisfied ones thank.</summary>
internal static class TrainingFixture
{
    private static readonly string[] Angry = ["你们到底怎么回事？", "说了多少遍了还没解决！", "你们客服就会敷衍", "why do you keep ignoring me?", "this is the third time I ask!"];
    private static readonly string[] Calm = ["好的谢谢", "收到，谢谢你们", "明白了，麻烦了", "ok thanks a lot", "great, thank you"];
    private static readonly string[] Openers = ["我的快递一直没到", "退款什么时候到账", "my parcel has not arrived", "when will the refund come"];
    private static readonly string[] Agent = ["亲，请私信我们订单号", "您好，已为您催促", "please send us your order number"];

    public static List<LabelledConversation> Conversations(int count, int seed = 1)
    {
        var random = new Random(seed);
        var conversations = new List<LabelledConversation>();
        for (var i = 0; i < count; i++)
        {
            var english = i % 3 == 0;
            var dissatisfied = random.NextDouble() < 0.35;
            string Pick(string[] from)
            {
                var mine = from.Where(t => english == t.All(c => c < 0x2E80)).ToArray();
                return mine[random.Next(mine.Length)];
            }
            // Labels are noisy, as real ratings are: one in ten conversations reads the other way.
            var reads = random.NextDouble() < 0.1 ? !dissatisfied : dissatisfied;
            conversations.Add(new LabelledConversation($"ix-{i}",
            [
                new Turn(true, Pick(Openers)), new Turn(false, Pick(Agent)), new Turn(true, Pick(reads ? Angry : Calm)),
            ], dissatisfied));
        }
        return conversations;
    }

    public static TrainingOptions Options => new() { Folds = 3, MinPerLanguage = 10, Source = "fixture" };
}
