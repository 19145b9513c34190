namespace RiskTriggers.Engine.Dissatisfaction.Training;

/// <summary>One interaction of the history: the customer's messages in order and whether the customer was dissatisfied.</summary>
public sealed record LabelledConversation(string InteractionId, IReadOnlyList<string> Messages, bool Dissatisfied);
