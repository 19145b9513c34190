using RiskTriggers.Engine;
using RiskTriggers.Engine.Alerts;
using RiskTriggers.Engine.Signals;

namespace RiskTriggers.Rules.DefaultPack;

/// <summary>One sentence a person can act on, per signal and audience.</summary>
public static class RecommendedActions
{
    public static string For(Signal signal, Audience audience)
    {
        var action = signal switch
        {
            InquiryRepeated s => $"Own the '{s.Topic}' issue to resolution now: this customer has asked {s.Count} times within {Durations.Format(s.Window)}.",
            ReplyOverdue s => $"Reply to the customer now: their message has waited {Durations.Format(s.Waited)} without an answer.",
            QueueWaitExceeded s => $"Pick this interaction up: it has waited {Durations.Format(s.Waited)} in the queue with no agent.",
            NegativePhraseSpotted { Threatens: true } s => $"Offer priority handling and a concrete fix at once: the customer threatens to escalate (\"{s.Hits[0].Phrase}\").",
            NegativePhraseSpotted { StrongestClass: PhraseClass.Churn } s => $"Retention risk (\"{s.Hits[0].Phrase}\"): acknowledge the problem and offer priority handling before discussing the account.",
            NegativePhraseSpotted s => $"Acknowledge the customer's frustration (\"{s.Hits[0].Phrase}\") and offer priority handling.",
            DissatisfactionPredicted { AtClose: true } s => $"The customer left dissatisfied (score {s.Score:0.00}): call them back today, own the problem and give a concrete next step before they complain.",
            DissatisfactionPredicted s => $"The customer sounds dissatisfied (score {s.Score:0.00}): acknowledge the problem plainly, give a concrete next step and offer priority handling.",
            _ => "Review this interaction now.",
        };
        return audience == Audience.Supervisor ? "Supervisor: " + LowerFirst(action) : action;
    }

    private static string LowerFirst(string text) => char.ToLowerInvariant(text[0]) + text[1..];
}
