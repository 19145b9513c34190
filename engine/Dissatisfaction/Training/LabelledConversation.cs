namespace RiskTriggers.Engine.Dissatisfaction.Training;

/// <summary>One turn of a conversation: the customer's or the agent's message.</summary>
public readonly record struct Turn(bool FromCustomer, string Text);

/// <summary>One interaction of the history: its turns in order and whether the customer was dissatisfied.</summary>
public sealed record LabelledConversation(string InteractionId, IReadOnlyList<Turn> Turns, bool Dissatisfied)
{
    public IEnumerable<string> CustomerMessages => Turns.Where(t => t.FromCustomer).Select(t => t.Text);
}
