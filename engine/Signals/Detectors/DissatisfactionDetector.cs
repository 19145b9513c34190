using RiskTriggers.Engine.Dissatisfaction;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Settings;

namespace RiskTriggers.Engine.Signals.Detectors;

/// <summary>
/// Scores the conversation so far after every customer message (agent replies count as context) and signals
/// once the score has held at the threshold for <c>dissatisfaction.sustainedMessages</c> customer messages in a
/// row, or when the interaction closes while it holds; it signals again only after a fall below. Turned off
/// (<c>dissatisfaction.enabled</c>), it reads nothing: messages meanwhile are not in the score.
/// </summary>
public sealed class DissatisfactionDetector(DissatisfactionModel model)
{
    public DissatisfactionModel Model { get; } = model;

    public Signal? Detect(InteractionEvent e, ref Conversation conversation, Thresholds thresholds)
    {
        if (!thresholds.Dissatisfaction.Enabled)
            return null;
        return e.Type switch
        {
            EventType.CustomerMessage when !string.IsNullOrEmpty(e.Text) => Scored(e, ref conversation, thresholds.Dissatisfaction),
            EventType.AgentMessage when !string.IsNullOrEmpty(e.Text) => Context(e, ref conversation),
            EventType.InteractionClosed => Closed(e, ref conversation, thresholds.Dissatisfaction),
            _ => null,
        };
    }

    private Signal? Context(InteractionEvent e, ref Conversation conversation)
    {
        conversation.AddAgent(e.Text!, Model);
        return null;
    }

    private Signal? Scored(InteractionEvent e, ref Conversation conversation, DissatisfactionThresholds threshold)
    {
        conversation.Add(e.Text!, Model);
        var score = conversation.Score(Model) ?? 0;
        if (score < threshold.Threshold)
        {
            conversation.AboveFor = 0;
            conversation.Signalled = false;
            return null;
        }
        conversation.AboveFor = (byte)Math.Min(conversation.AboveFor + 1, DissatisfactionThresholds.MaxSustainedMessages);
        if (conversation.Signalled || conversation.AboveFor < threshold.SustainedMessages)
            return null;
        conversation.Signalled = true;
        var language = conversation.Language;
        return new DissatisfactionPredicted(e.InteractionId, e.CustomerId, e.OccurredAt, e.EventId, score, threshold.Threshold,
            language, MessageCues.Explain(e.Text!, conversation, Model.For(language)!), conversation.AboveFor);
    }

    /// <summary>The customer left while the score held but before the stretch was long enough: now is the last chance.</summary>
    private Signal? Closed(InteractionEvent e, ref Conversation conversation, DissatisfactionThresholds threshold)
    {
        if (conversation.AboveFor == 0 || conversation.Signalled || conversation.Score(Model) is not { } score)
            return null;
        conversation.Signalled = true;
        return new DissatisfactionPredicted(e.InteractionId, e.CustomerId, e.OccurredAt, e.EventId, score, threshold.Threshold,
            conversation.Language, [], conversation.AboveFor) { AtClose = true };
    }
}
