using System.Text.Json.Serialization;

namespace RiskTriggers.Engine.Alerts;

/// <summary>How urgent an alert is; P1 is the most urgent.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Priority>))]
public enum Priority
{
    P1 = 1,
    P2 = 2,
    P3 = 3,
    P4 = 4,
}

public static class PriorityExtensions
{
    /// <summary>One level more urgent, never past P1.</summary>
    public static Priority MoreUrgent(this Priority priority) => priority == Priority.P1 ? Priority.P1 : priority - 1;
}
