namespace RiskTriggers.Host.Security;

/// <summary>One API key: <c>RiskTriggers:ApiKeys:N:Key</c>, <c>:Role</c> and, for agents, <c>:AgentId</c>.</summary>
public sealed class ApiKeyOptions
{
    public const int MinKeyLength = 8;

    public string Key { get; set; } = "";

    /// <summary>ingest, agent, supervisor or admin.</summary>
    public string Role { get; set; } = "";

    /// <summary>The agent an agent key acts for; agent keys see only this agent's alerts.</summary>
    public string? AgentId { get; set; }

    /// <summary>Free text shown nowhere but the configuration, e.g. "DEV ONLY".</summary>
    public string? Note { get; set; }
}
