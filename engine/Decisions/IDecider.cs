namespace RiskTriggers.Engine.Decisions;

/// <summary>Decides what, if anything, to do about a signal.</summary>
public interface IDecider
{
    IReadOnlyList<Decision> Decide(SignalContext context);
}
