namespace RiskTriggers.Engine.Dissatisfaction;

/// <summary>The languages a model is trained for; a message is scored by the model of its language.</summary>
public enum Language
{
    Zh,
    En,
}
