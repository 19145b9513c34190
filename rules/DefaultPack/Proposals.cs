using RiskTriggers.Engine.Alerts;
using RiskTriggers.Engine.Decisions;
using RiskTriggers.Engine.Signals;
using RiskTriggers.Engine.State;

namespace RiskTriggers.Rules.DefaultPack;

/// <summary>How the default pack words its decisions; rules call one of these from <c>Then()</c>.</summary>
public static class Proposals
{
    /// <summary>To the assigned agent; to the duty supervisor when nobody is assigned yet.</summary>
    public static Decision ForAgent(string rule, Priority priority, Signal signal, InteractionState interaction)
    {
        var audience = interaction.AgentId is null ? Audience.Supervisor : Audience.Agent;
        return new Decision(rule, priority, audience, RecommendedActions.For(signal, audience));
    }

    public static Decision ForSupervisor(string rule, Priority priority, Signal signal) =>
        new(rule, priority, Audience.Supervisor, RecommendedActions.For(signal, Audience.Supervisor));
}
