namespace RiskTriggers.Simulation;

/// <summary>What kind of story one simulated interaction tells; the mix is weighted in <see cref="TrafficOptions"/>.</summary>
public enum Scenario
{
    /// <summary>Agent within a minute, quick replies, polite customer.</summary>
    Calm,

    /// <summary>One agent reply takes 6–15 minutes.</summary>
    SlowReply,

    /// <summary>More than 10 minutes in the queue before an agent is assigned.</summary>
    LongQueueWait,

    /// <summary>A frustrated customer ("怎么回事", "ridiculous").</summary>
    AngryCustomer,

    /// <summary>A customer threatening a regulator, the media or a lawyer ("我要投诉", "12315").</summary>
    EscalationThreat,

    /// <summary>A customer who wants to leave ("销户", "cancel my account").</summary>
    Churn,

    /// <summary>A customer who says it is not the first time ("第三次", "third time").</summary>
    RepeatContact,

    /// <summary>Negative words in a negation that must not alert ("不是投诉，只是问问").</summary>
    NegatedPhrase,

    /// <summary>One customer asks about one topic in several interactions over hours, across channels.</summary>
    RepeatInquiry,

    /// <summary>An email: replies take hours.</summary>
    Email,
}
