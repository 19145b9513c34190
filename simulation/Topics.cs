namespace RiskTriggers.Simulation;

/// <summary>What a customer asks about, the queue it is routed to, and how they put it in each language.</summary>
internal sealed record Topic(string Name, string Queue, string Chinese, string English)
{
    public string In(Language language) => language == Language.Chinese ? Chinese : English;
}

/// <summary>The contact center's fixed vocabulary: topics, queues and channels.</summary>
internal static class Topics
{
    public const string RetentionQueue = "retention";

    public static readonly Topic[] All =
    [
        new("refund", "billing", "退款还没到账", "my refund still hasn't arrived"),
        new("billing", "billing", "这个月被重复扣费了", "I've been charged twice this month"),
        new("delivery", "sales", "快递一周了还没送到", "my order still hasn't been delivered after a week"),
        new("password", "tech", "重置密码的验证码一直收不到", "I can't reset my password, the code never comes"),
        new("login", "tech", "App一直登录失败", "the app keeps logging me out"),
        new("upgrade", "sales", "想把套餐升级一下", "I'd like to upgrade my plan"),
        new("contract", RetentionQueue, "想问一下合约什么时候到期", "I'd like to know when my contract ends"),
    ];

    /// <summary>The topics customers keep coming back about.</summary>
    public static readonly Topic[] Recurring = [.. All.Where(t => t.Name is "refund" or "delivery" or "billing" or "password")];

    /// <summary>Live channels (email is a scenario of its own: replies take hours there).</summary>
    public static readonly KeyValuePair<string, double>[] LiveChannels = [new("chat", 0.55), new("phone", 0.25), new("app", 0.2)];

    public const string Email = "email";
}
