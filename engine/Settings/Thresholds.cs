using RiskTriggers.Engine.Signals;

namespace RiskTriggers.Engine.Settings;

/// <summary>
/// Every trigger threshold that applies to one interaction: the defaults merged with the overrides for its
/// channel, queue and customer tier. This is the schema only: the default values are data, in
/// <c>rules/Data/settings.json</c> (<see cref="RiskSettings.BuiltIn"/>), so take thresholds from settings rather
/// than <c>new Thresholds()</c>, whose numbers are all zero. Setters (not init) because source-generated JSON
/// would reset absent init-only members to null; treat instances as immutable.
/// </summary>
public sealed record Thresholds
{
    public InquiryRepeatedThresholds InquiryRepeated { get; set; } = new();
    public ReplyOverdueThresholds ReplyOverdue { get; set; } = new();
    public QueueWaitThresholds QueueWaitExceeded { get; set; } = new();
    public NegativePhraseThresholds NegativePhrase { get; set; } = new();
    public DissatisfactionThresholds Dissatisfaction { get; set; } = new();
    public AlertPolicy Alerts { get; set; } = new();
}

public sealed record InquiryRepeatedThresholds
{
    /// <summary>Signal when inquiries about one topic exceed this count.</summary>
    public int MoreThan { get; set; }

    /// <summary>Sliding window the inquiries are counted in.</summary>
    public TimeSpan Window { get; set; }
}

public sealed record ReplyOverdueThresholds
{
    /// <summary>Signal when a customer message has waited longer than this for an agent reply.</summary>
    public TimeSpan After { get; set; }
}

public sealed record QueueWaitThresholds
{
    /// <summary>Signal when an interaction has been queued longer than this with no agent.</summary>
    public TimeSpan After { get; set; }
}

public sealed record NegativePhraseThresholds
{
    /// <summary>Signal when the summed weight of a message's phrase classes reaches this.</summary>
    public double MinWeight { get; set; }

    /// <summary>Weight of each phrase class, counted once per message; a class not listed weighs 0.</summary>
    public Dictionary<PhraseClass, double> Weights { get; set; } = [];

    public double WeightOf(PhraseClass phraseClass) => Weights.GetValueOrDefault(phraseClass, 0);

    /// <summary>
    /// False: a phrase signal alerts only in an interaction where the dissatisfaction model has signalled too;
    /// until then it is held (recorded, no alert), and the model's alert that follows goes to the supervisor as P1.
    /// Threats and churn phrases alone are often followed by a helped, satisfied customer (docs/risk-model.md).
    /// With <c>dissatisfaction.enabled</c> false phrases alert alone whatever this says.
    /// </summary>
    public bool AlertAlone { get; set; } = true;

    /// <summary>
    /// With <see cref="AlertAlone"/> false, a phrase signal holding one of these classes still alerts on its own
    /// (default none): <c>["escalationThreat"]</c> tells the supervisor of every threat at once while churn,
    /// frustration and repeat-contact phrases wait for the model. No effect while <see cref="AlertAlone"/> is true.
    /// </summary>
    public List<PhraseClass> AlertAloneClasses { get; set; } = [];

    /// <summary>The signal alerts on its own, without waiting for the model: every phrase, or one of a class listed.</summary>
    public bool AlertsAlone(NegativePhraseSpotted phrase) =>
        AlertAlone || phrase.Hits.Any(h => AlertAloneClasses.Contains(h.Class));
}

public sealed record DissatisfactionThresholds
{
    /// <summary>Off turns the model's signal off (the lexicon still spots phrases).</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// Signal when the model's score of the conversation so far reaches this: 0..1, where 0.5 is the operating
    /// point chosen at training; higher means fewer, more certain alerts.
    /// </summary>
    public double Threshold { get; set; }

    /// <summary>
    /// Customer messages in a row the score must hold at the threshold before the signal fires: 2 waits for the
    /// customer's answer to the agent's reply, which halves the alerts a single sharp opening would raise. An
    /// interaction that closes while the score holds fires at the close. 1 fires on the first message.
    /// </summary>
    public int SustainedMessages { get; set; }

    public const int MaxSustainedMessages = 20;

    /// <summary>Outcomes: a <c>satisfaction_rated</c> score at or below this counts as dissatisfied (backtest, training).</summary>
    public double RatedDissatisfiedAtOrBelow { get; set; }
}

public sealed record AlertPolicy
{
    /// <summary>The same rule does not alert the same interaction again within this.</summary>
    public TimeSpan Cooldown { get; set; }

    /// <summary>An alert not acknowledged within this escalates to the supervisor.</summary>
    public TimeSpan AckTimeout { get; set; }

    /// <summary>Customer tiers whose every signal goes to the duty supervisor as P1.</summary>
    public List<string> SupervisorTiers { get; set; } = [];
}
