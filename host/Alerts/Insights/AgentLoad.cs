namespace RiskTriggers.Host.Alerts.Insights;

/// <summary>How many unresolved alerts sit with one agent: still open, and acknowledged but not yet resolved.</summary>
/// <param name="AgentId">The interaction's assigned agent; null for alerts on interactions nobody is assigned to.</param>
public sealed record AgentLoad(string? AgentId, int Open, int Acknowledged)
{
    /// <summary>One row per agent with unresolved alerts, busiest first (open, then acknowledged), then by id.</summary>
    public static IReadOnlyList<AgentLoad> Of(IEnumerable<AlertRecord> alerts) =>
        [.. alerts.Where(a => a.Status != AlertStatus.Resolved)
            .GroupBy(a => a.Alert.AgentId)
            .Select(g => new AgentLoad(g.Key, g.Count(a => a.Status == AlertStatus.Open), g.Count(a => a.Status == AlertStatus.Acknowledged)))
            .OrderByDescending(l => l.Open).ThenByDescending(l => l.Acknowledged).ThenBy(l => l.AgentId, StringComparer.Ordinal)];
}

public sealed record AgentLoadList(IReadOnlyList<AgentLoad> Agents);
