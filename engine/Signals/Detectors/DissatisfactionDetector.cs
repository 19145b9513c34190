using RiskTriggers.Engine.Dissatisfaction;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Settings;

namespace RiskTriggers.Engine.Signals.Detectors;

/// <summary>
/// Scores the conversation so far after every customer message (agent replies count as context) and signals
/// when the score rises to the threshold; it signals again only after falling below it. Turned off
/// (<c>dissatisfaction.enabled</c>), it reads nothing: messages meanwhile are not in the score.
/// </summary>
public sealed class DissatisfactionDetector(DissatisfactionModel model)
{
    public DissatisfactionModel Model { get; } = model;

    public Signal? Detect(InteractionEvent e, ref Conversation conversation, Thresholds thresholds)
    {
        if (string.IsNullOrEmpty(e.Text) || !thresholds.Dissatisfaction.Enabled)
            return null;
        if (e.Type == EventType.AgentMessage)
        {
            conversation.AddAgent(e.Text, Model);
            return null;
        }
        if (e.Type != EventType.CustomerMessage)
            return null;
        conversation.Add(e.Text, Model);
        var threshold = thresholds.Dissatisfaction;
        var score = conversation.Score(Model) ?? 0;
        var wasAbove = conversation.Above;
        conversation.Above = score >= threshold.Threshold;
        if (!conversation.Above || wasAbove)
            return null;
        var language = conversation.Language;
        return new DissatisfactionPredicted(e.InteractionId, e.CustomerId, e.OccurredAt, e.EventId, score, threshold.Threshold,
            language, MessageCues.Explain(e.Text, conversation, Model.For(language)!));
    }
}
