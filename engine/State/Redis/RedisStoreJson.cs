using System.Text.Json.Serialization;

namespace RiskTriggers.Engine.State.Redis;

/// <summary>Source-generated JSON of what only the Redis store writes: deadline payloads.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(Deadline))]
internal sealed partial class RedisStoreJson : JsonSerializerContext;
