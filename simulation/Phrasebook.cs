namespace RiskTriggers.Simulation;

/// <summary>How a customer message sounds.</summary>
internal enum Mood
{
    /// <summary>States the problem politely.</summary>
    Calm,

    /// <summary>A short polite follow-up, no problem stated.</summary>
    Thanks,
    Frustrated,
    Threat,
    Churn,

    /// <summary>Says how many times they have contacted us ({1} is the ordinal).</summary>
    Repeat,

    /// <summary>Negative words, negated: must not alert.</summary>
    Negated,
}

/// <summary>
/// Message texts in Chinese and English. {0} is how the customer puts their problem. Every non-calm line holds
/// at least one phrase of the negative-phrase lexicon; calm lines and agent lines hold none.
/// </summary>
internal static class Phrasebook
{
    private static readonly Dictionary<(Mood, Language), string[]> Customer = new()
    {
        [(Mood.Calm, Language.Chinese)] = ["你好，{0}，麻烦帮我看一下", "您好，{0}，请问怎么处理？", "{0}，能帮忙查一下吗？"],
        [(Mood.Calm, Language.English)] = ["Hi, {0}. Could you take a look?", "Hello, {0}. What should I do?", "Quick question: {0}. Can you check, please?"],
        [(Mood.Thanks, Language.Chinese)] = ["好的，谢谢", "明白了，谢谢你", "好，我再等一下", "可以，就这样吧"],
        [(Mood.Thanks, Language.English)] = ["OK, thanks.", "Got it, thank you!", "Great, that helps.", "Sure, I'll wait."],
        [(Mood.Frustrated, Language.Chinese)] = ["你们到底怎么回事？{0}，说了多少遍了！", "{0}，从来没见过这么慢的服务，你们到底还要拖多久？？", "{0}，太差了，真是离谱，你们到底有没有人管？", "到底怎么回事？{0}，你们太差了！"],
        [(Mood.Frustrated, Language.English)] = ["{0}, this is ridiculous. Why don't you ever answer your customers?", "Seriously? {0}. Ridiculous. How many times do I have to tell you?", "{0} and nobody has helped. Unacceptable. Is anyone there at all?", "I'm fed up: {0}. Why is this still not fixed?"],
        [(Mood.Threat, Language.Chinese)] = ["{0}，我要投诉！", "我要投诉，{0}", "{0}，我会打12315", "{0}，我要去消协反映", "{0}，我要找媒体曝光你们", "{0}，我已经咨询了律师"],
        [(Mood.Threat, Language.English)] = ["{0}. I'll report you to the regulator.", "{0}. My lawyer will hear about this.", "{0}, I'm calling 12315 about this."],
        [(Mood.Churn, Language.Chinese)] = ["{0}，我要销户", "{0}，帮我把所有服务退订", "算了，我要销户"],
        [(Mood.Churn, Language.English)] = ["{0}. Please cancel my account.", "Just cancel my account, {0}.", "{0}. I want to cancel my account today."],
        [(Mood.Repeat, Language.Chinese)] = ["这是我第{1}次联系你们了，{0}", "第{1}次打来了，{0}"],
        [(Mood.Repeat, Language.English)] = ["This is the {1} time I'm contacting you: {0}.", "{1} time asking about this: {0}."],
        [(Mood.Negated, Language.Chinese)] = ["不是投诉，只是问问，{0}", "没有投诉的意思，就是想问{0}"],
        [(Mood.Negated, Language.English)] = ["Not ridiculous at all, thanks. Just checking: {0}.", "No complaint, just a question: {0}."],
    };

    private static readonly Dictionary<Language, string[]> Agent = new()
    {
        [Language.Chinese] = ["您好，我帮您查一下", "请稍等，我正在核实", "已经为您处理好了，请查收", "抱歉让您久等了，马上为您处理"],
        [Language.English] = ["Let me check that for you.", "One moment, I'm looking into it.", "Sorry for the wait, I've sorted it out now.", "Done, you should see the change shortly."],
    };

    private static readonly string[] ChineseOrdinals = ["一", "二", "三", "四", "五"];
    private static readonly string[] EnglishOrdinals = ["first", "second", "third", "fourth", "fifth"];

    /// <summary>A customer message; <paramref name="contact"/> is which contact about this problem it is (0 = first).</summary>
    public static string CustomerSays(Random random, Mood mood, Language language, Topic topic, int contact = 2)
    {
        var template = random.Pick(Customer[(mood, language)]);
        return Capitalized(string.Format(template, topic.In(language), Ordinal(language, contact)));
    }

    /// <summary>Every line a customer in this mood may say about the topic: each template, each repeat ordinal.</summary>
    internal static IEnumerable<string> EveryLine(Mood mood, Language language, Topic topic) =>
        from template in Customer[(mood, language)]
        from contact in Enumerable.Range(2, RepeatInquiries.MaxContacts - 2)
        select Capitalized(string.Format(template, topic.In(language), Ordinal(language, contact)));

    public static string AgentSays(Random random, Language language) => random.Pick(Agent[language]);

    private static string Ordinal(Language language, int contact)
    {
        var ordinals = language == Language.Chinese ? ChineseOrdinals : EnglishOrdinals;
        return ordinals[Math.Min(contact, ordinals.Length - 1)];
    }

    private static string Capitalized(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>How much worse a message of this mood makes the interaction, for the chance of a complaint.</summary>
    public static double Badness(Mood mood) => mood switch
    {
        Mood.Frustrated or Mood.Repeat => 1,
        Mood.Churn => 2,
        Mood.Threat => 3,
        _ => 0,
    };
}
