using System.Text.Json.Serialization;

namespace RiskTriggers.Engine.Alerts;

/// <summary>Who an alert is for: the interaction's assigned agent or the duty supervisor.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Audience>))]
public enum Audience
{
    [JsonStringEnumMemberName("agent")] Agent,
    [JsonStringEnumMemberName("supervisor")] Supervisor,
}
