using RiskTriggers.Engine.Signals;

namespace RiskTriggers.Engine.Settings;

/// <summary>
/// Every trigger threshold that applies to one interaction: the defaults merged with the overrides for its
/// channel, queue and customer tier. Defaults come from the seed documents. Setters (not init) because
/// source-generated JSON would reset absent init-only members to null; treat instances as immutable.
/// </summary>
public sealed record Thresholds
{
    public InquiryRepeatedThresholds InquiryRepeated { get; set; } = new();
    public ReplyOverdueThresholds ReplyOverdue { get; set; } = new();
    public QueueWaitThresholds QueueWaitExceeded { get; set; } = new();
    public NegativePhraseThresholds NegativePhrase { get; set; } = new();
    public AlertPolicy Alerts { get; set; } = new();
}

public sealed record InquiryRepeatedThresholds
{
    /// <summary>Signal when inquiries about one topic exceed this count. Default 3.</summary>
    public int MoreThan { get; set; } = 3;

    /// <summary>Sliding window the inquiries are counted in. Default 24h.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(24);
}

public sealed record ReplyOverdueThresholds
{
    /// <summary>Signal when a customer message has waited longer than this for an agent reply. Default 5m.</summary>
    public TimeSpan After { get; set; } = TimeSpan.FromMinutes(5);
}

public sealed record QueueWaitThresholds
{
    /// <summary>Signal when an interaction has been queued longer than this with no agent. Default 10m.</summary>
    public TimeSpan After { get; set; } = TimeSpan.FromMinutes(10);
}

public sealed record NegativePhraseThresholds
{
    /// <summary>Signal when the summed weight of a message's phrase classes reaches this. Default 1.</summary>
    public double MinWeight { get; set; } = 1;

    /// <summary>Weight of each phrase class, counted once per message. Defaults: frustration 1, escalationThreat 3, churn 2, repeatContact 1.</summary>
    public Dictionary<PhraseClass, double> Weights { get; set; } = new()
    {
        [PhraseClass.Frustration] = 1,
        [PhraseClass.EscalationThreat] = 3,
        [PhraseClass.Churn] = 2,
        [PhraseClass.RepeatContact] = 1,
    };

    public double WeightOf(PhraseClass phraseClass) => Weights.GetValueOrDefault(phraseClass, 0);
}

public sealed record AlertPolicy
{
    /// <summary>The same rule does not alert the same interaction again within this. Default 30m.</summary>
    public TimeSpan Cooldown { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>An alert not acknowledged within this escalates to the supervisor. Default 5m.</summary>
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Customer tiers whose every signal goes to the duty supervisor as P1. Default ["vip"].</summary>
    public List<string> SupervisorTiers { get; set; } = ["vip"];
}
