using System.CommandLine;
using System.Text.Json.Nodes;

namespace RiskTriggers.Host.Cli;

/// <summary>
/// <c>settings shadow start FILE|--version N</c>, <c>settings shadow report</c>, <c>settings shadow stop</c>: shadow
/// mode of a running host (<c>/v1/settings/shadow</c>): a candidate document beside the live settings on live
/// traffic, its alerts recorded and never delivered. The report is JSON on stdout, a digest of it on stderr.
/// On history, without a host, <c>replay FILE --shadow CANDIDATE</c> does the same.
/// </summary>
internal static class SettingsShadowCommand
{
    public static Command Create(Option<string> url, Option<string?> key)
    {
        var file = new Argument<string?>("file") { Description = "Candidate settings document (JSON), or - for stdin", Arity = ArgumentArity.ZeroOrOne };
        var version = new Option<int?>("--version") { Description = "Shadow a stored version instead of a file" };
        var start = new Command("start", "Run a candidate beside the live settings on live traffic (replaces a shadow running)") { file, version };
        start.SetAction((parse, ct) => SettingsCommand.RunAsync(parse, url, key, async (http, output, error) =>
        {
            var (path, stored) = (parse.GetValue(file), parse.GetValue(version));
            if ((path is null) == (stored is null))
            {
                await error.WriteLineAsync("settings: shadow start takes a candidate file or --version N, one of them");
                return 2;
            }
            var document = path is null ? null : await SettingsCommand.ReadDocumentAsync(path, error, ct);
            if (path is not null && document is null)
                return 2;
            var query = stored is { } v ? $"?version={v}" : "";
            var response = await SettingsCommand.SendAsync(http, HttpMethod.Put, "v1/settings/shadow" + query, document, ct);
            if (await SettingsCommand.RefusedAsync(response, error, ct) is { } code)
                return code;
            var status = await SettingsCommand.ReadJsonAsync(response, ct);
            await output.WriteLineAsync($"shadow started: {status["candidate"]} (settings version {status["candidateVersion"]}) at {status["startedAt"]}");
            return 0;
        }));

        var examples = new Option<int>("--examples") { Description = "Examples per list (0-100)", DefaultValueFactory = _ => 5 };
        var report = new Command("report", "Print what the shadow would have alerted, compared with the live settings, as JSON") { examples };
        report.SetAction((parse, ct) => SettingsCommand.RunAsync(parse, url, key, async (http, output, error) =>
        {
            var response = await SettingsCommand.SendAsync(http, HttpMethod.Get, $"v1/settings/shadow/report?examples={parse.GetValue(examples)}", null, ct);
            if (await SettingsCommand.RefusedAsync(response, error, ct) is { } code)
                return code;
            var view = await SettingsCommand.ReadJsonAsync(response, ct);
            await output.WriteLineAsync(view.ToJsonString(SettingsCommand.Indented));
            await error.WriteLineAsync(Digest(view));
            return 0;
        }));

        var stop = new Command("stop", "Stop the shadow run");
        stop.SetAction((parse, ct) => SettingsCommand.RunAsync(parse, url, key, async (http, output, error) =>
        {
            var response = await SettingsCommand.SendAsync(http, HttpMethod.Delete, "v1/settings/shadow", null, ct);
            if (await SettingsCommand.RefusedAsync(response, error, ct) is { } code)
                return code;
            await output.WriteLineAsync("shadow stopped");
            return 0;
        }));

        return new Command("shadow", "Shadow mode on the running host: a candidate document beside the live settings") { start, report, stop };
    }

    /// <summary>"shadow unsaved document: 120 events; live 10 alerts, candidate 12; 3 only the candidate raises, …".</summary>
    private static string Digest(JsonNode view)
    {
        var (status, comparison) = (view["status"], view["comparison"]);
        return $"shadow {status?["candidate"]}: {status?["events"]} events; live {status?["liveAlerts"]} alerts, candidate {status?["candidateAlerts"]}; " +
               $"{comparison?["onlyCandidate"]} only the candidate raises, {comparison?["onlyLive"]} only the live settings, " +
               $"{comparison?["both"]} both ({comparison?["priorityChanged"]} at another priority)";
    }
}
