using System.Text.Json.Serialization;

namespace RiskTriggers.Engine.Signals;

/// <summary>What a negative phrase tells about the customer's state of mind.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PhraseClass>))]
public enum PhraseClass
{
    [JsonStringEnumMemberName("frustration")] Frustration,
    [JsonStringEnumMemberName("escalationThreat")] EscalationThreat,
    [JsonStringEnumMemberName("churn")] Churn,
    [JsonStringEnumMemberName("repeatContact")] RepeatContact,
}
