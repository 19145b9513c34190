namespace RiskTriggers.Engine.Dissatisfaction;

/// <summary>
/// The structural features of the customer's messages so far, defined once for training and scoring:
/// how many messages, question and exclamation marks, and how much text. Log-scaled, so a long tirade does not
/// swamp the words.
/// </summary>
public static class ConversationShape
{
    public static readonly string[] Names = ["messages", "questions", "exclamations", "length"];

    public static void Fill(Span<double> values, int messages, int questions, int exclamations, int chars)
    {
        values[0] = Math.Log(1 + messages);
        values[1] = Math.Log(1 + questions);
        values[2] = Math.Log(1 + exclamations);
        values[3] = Math.Log(1 + chars);
    }
}
