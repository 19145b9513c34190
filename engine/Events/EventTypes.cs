using System.Collections.Frozen;

namespace RiskTriggers.Engine.Events;

/// <summary>Wire names of <see cref="EventType"/>, written once.</summary>
public static class EventTypes
{
    private static readonly FrozenDictionary<EventType, string> Names = new Dictionary<EventType, string>
    {
        [EventType.InteractionStarted] = "interaction_started",
        [EventType.QueueEntered] = "queue_entered",
        [EventType.AgentAssigned] = "agent_assigned",
        [EventType.Inquiry] = "inquiry",
        [EventType.CustomerMessage] = "customer_message",
        [EventType.AgentMessage] = "agent_message",
        [EventType.InteractionClosed] = "interaction_closed",
        [EventType.ComplaintFiled] = "complaint_filed",
        [EventType.SatisfactionRated] = "satisfaction_rated",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, EventType> ByName =
        Names.ToFrozenDictionary(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal);

    public static IEnumerable<string> WireNames => Names.Values.Order();

    public static string WireName(EventType type) => Names[type];

    public static bool TryParse(string name, out EventType type) => ByName.TryGetValue(name, out type);
}
