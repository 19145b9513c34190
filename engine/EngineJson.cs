using System.Text.Json.Serialization;
using RiskTriggers.Engine.Alerts;
using RiskTriggers.Engine.Events;

namespace RiskTriggers.Engine;

/// <summary>Source-generated JSON for the engine's wire types (camelCase, unknown fields ignored).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = false)]
[JsonSerializable(typeof(EventEnvelope))]
[JsonSerializable(typeof(InteractionEvent))]
[JsonSerializable(typeof(Alert))]
[JsonSerializable(typeof(Rejection))]
public sealed partial class EngineJson : JsonSerializerContext;
