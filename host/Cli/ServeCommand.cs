using System.CommandLine;
using Microsoft.Extensions.Options;
using RiskTriggers.Simulation;
using RiskTriggers.Host.Hosting;
using RiskTriggers.Host.Simulation;

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
        var simulate = new Option<bool>("--simulate") { Description = "Feed simulated contact-center traffic (wall clock) into the service" };
        var seed = new Option<int>("--seed") { Description = "Seed of the simulated traffic", DefaultValueFactory = _ => 7 };
        var command = new Command("serve", "Run the service: ingestion API, live alerts, supervisor dashboard") { urls, simulate, seed };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, ct) => Run(parse.GetValue(urls)!, [.. parse.UnmatchedTokens],
            parse.GetValue(simulate) ? SimulatedFloor(parse.GetValue(seed)) : null, ct));
        return command;
    }

    /// <summary>
    /// A simulated floor is a demo: it runs as Development (dev keys, pre-filled dashboard) unless an environment
    /// is set. Done here rather than in a launch profile, because <c>dotnet run</c> announces a launch profile
    /// on stdout, which would break <c>replay … &gt; alerts.jsonl</c>.
    /// </summary>
    private static WebApplicationOptions? DemoEnvironment(string[] configArgs, TrafficOptions? simulation) =>
        simulation is null || Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") is not null
            || Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") is not null
            ? null
            : new WebApplicationOptions { Args = configArgs, ContentRootPath = AppContext.BaseDirectory, EnvironmentName = Environments.Development };

    /// <summary>A busy floor: about twenty new interactions a minute for an hour, so alerts show within a minute.</summary>
    private static TrafficOptions SimulatedFloor(int seed) => new() { Seed = seed, Interactions = 1200, Duration = TimeSpan.FromHours(1) };

    private static async Task<int> Run(string urls, string[] configArgs, TrafficOptions? simulation, CancellationToken ct)
    {
        await using var app = RiskTriggersWebApp.Build(configArgs, urls, builder =>
        {
            if (simulation is not null)
                builder.Services.AddSingleton(simulation).AddHostedService<SimulationFeeder>();
        }, DemoEnvironment(configArgs, simulation));
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
