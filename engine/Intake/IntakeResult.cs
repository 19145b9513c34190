using RiskTriggers.Engine.Events;

namespace RiskTriggers.Engine.Intake;

public enum IntakeOutcome
{
    Accepted,
    Duplicate,
    Rejected,
}

/// <summary>What <see cref="EventIntake"/> made of one raw item: the accepted event, or the rejection (field + reason).</summary>
public sealed record IntakeResult(IntakeOutcome Outcome, InteractionEvent? Event, Rejection? Rejection)
{
    public static IntakeResult Accepted(InteractionEvent e) => new(IntakeOutcome.Accepted, e, null);
    public static IntakeResult Duplicate(InteractionEvent e) => new(IntakeOutcome.Duplicate, e, null);
    public static IntakeResult Rejected(Rejection rejection) => new(IntakeOutcome.Rejected, null, rejection);
}
