using System.Text.Json.Serialization;
using RiskTriggers.Engine.Settings.History;

namespace RiskTriggers.Engine.State.Redis;

/// <summary>Source-generated JSON of what only the Redis store writes: deadline payloads and settings diffs.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(Deadline))]
[JsonSerializable(typeof(List<SettingsFieldChange>))]
internal sealed partial class RedisStoreJson : JsonSerializerContext;
