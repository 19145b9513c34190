using System.Text.Json;
using System.Text.Json.Serialization;

namespace RiskTriggers.Engine.Events;

/// <summary>What happened in an interaction. Wire names live in <see cref="EventTypes"/>.</summary>
[JsonConverter(typeof(EventTypeJsonConverter))]
public enum EventType
{
    InteractionStarted,
    QueueEntered,
    AgentAssigned,
    Inquiry,
    CustomerMessage,
    AgentMessage,
    InteractionClosed,
    ComplaintFiled,
    SatisfactionRated,
}

internal sealed class EventTypeJsonConverter : JsonConverter<EventType>
{
    public override EventType Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        EventTypes.TryParse(reader.GetString() ?? "", out var type) ? type : throw new JsonException("unknown event type");

    public override void Write(Utf8JsonWriter writer, EventType value, JsonSerializerOptions options) =>
        writer.WriteStringValue(EventTypes.WireName(value));
}
