using System.Text.Encodings.Web;
using System.Text.Json;
using RiskTriggers.Engine;

namespace RiskTriggers.Host.Cli;

/// <summary>JSON for terminals and files: Chinese text stays readable instead of \u-escaped.</summary>
internal static class CliJson
{
    public static readonly EngineJson Context = new(new JsonSerializerOptions(EngineJson.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
