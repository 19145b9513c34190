namespace RiskTriggers.Host.Security;

/// <summary>The roles an API key can have, and the policies endpoints require.</summary>
public static class Roles
{
    public const string Ingest = "ingest";
    public const string Agent = "agent";
    public const string Supervisor = "supervisor";
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Ingest, Agent, Supervisor, Admin];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role);
}

/// <summary>Authorization policies; admin passes every one.</summary>
public static class Policies
{
    /// <summary>POST /v1/events: ingest, admin.</summary>
    public const string Ingest = "ingest";

    /// <summary>Reading and working alerts: agent (own alerts only), supervisor, admin.</summary>
    public const string Staff = "staff";

    /// <summary>Settings and other administration: admin.</summary>
    public const string Admin = "admin";
}
