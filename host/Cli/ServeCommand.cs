using System.CommandLine;
using Microsoft.Extensions.Options;
using RiskTriggers.Host.Hosting;

namespace RiskTriggers.Host.Cli;

/// <summary>
/// <c>serve</c>: the hosted service. Ingestion API, engine, alert lifecycle, SSE/SignalR delivery and the
/// supervisor dashboard on one Kestrel listener. Bad configuration stops it before it listens (exit 2).
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen", DefaultValueFactory = _ => RiskTriggersWebApp.DefaultUrls };
        var command = new Command("serve", "Run the service: ingestion API, live alerts, supervisor dashboard") { urls };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, ct) => Run(parse.GetValue(urls)!, [.. parse.UnmatchedTokens], ct));
        return command;
    }

    private static async Task<int> Run(string urls, string[] configArgs, CancellationToken ct)
    {
        await using var app = RiskTriggersWebApp.Build(configArgs, urls);
        try
        {
            // Checked here first so a bad configuration is reported as a list, not as a host start-up failure.
            _ = app.Services.GetRequiredService<IOptions<RiskTriggersOptions>>().Value;
            await app.StartAsync(ct);
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync("serve: the configuration is not valid:");
            foreach (var failure in ex.Failures)
                await Console.Error.WriteLineAsync($"  - {failure}");
            return 2;
        }
        StartupBanner.Write(app, Console.Out);
        await app.WaitForShutdownAsync(ct);
        return 0;
    }
}
