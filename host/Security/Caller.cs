using System.Security.Claims;
using RiskTriggers.Host.Alerts;

namespace RiskTriggers.Host.Security;

/// <summary>Who is calling, as far as alert visibility goes: an agent sees only alerts on their own interactions.</summary>
public sealed record Caller(string Role, string? AgentId)
{
    public const string AgentIdClaim = "risktriggers:agent_id";

    public static Caller From(ClaimsPrincipal user) =>
        new(user.FindFirstValue(ClaimTypes.Role) ?? "", user.FindFirstValue(AgentIdClaim));

    public bool IsAgent => Role == Roles.Agent;

    public bool CanSee(AlertRecord alert) => !IsAgent || (AgentId is not null && alert.Alert.AgentId == AgentId);

    /// <summary>Who a lifecycle change is recorded as, e.g. "agent-01" or "supervisor".</summary>
    public string Name => AgentId ?? Role;
}
