using System.Text.Json;
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

public static class PhraseClassNames
{
    /// <summary>The camelCase name used in JSON, settings and evidence.</summary>
    public static string WireName(this PhraseClass phraseClass) => JsonNamingPolicy.CamelCase.ConvertName(phraseClass.ToString());
}
