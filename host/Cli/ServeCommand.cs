using System.CommandLine;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;
using RiskTriggers.Simulation;
using RiskTriggers.Host.Hosting;
using RiskTriggers.Host.Simulation;

namespace RiskTriggers.Host.Cli;

/// <summary>
/// <c>serve</c>: the hosted service. Ingestion API, engine, alert lifecycle, SSE/SignalR delivery and the
/// supervisor dashboard on one Kestrel listener. A mistyped option stops it at once (exit 1); bad configuration,
/// an address it cannot listen on or a busy port stop it before it listens, in one line each (exit 2).
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string?>("--urls")
        {
            Description = $"Where to listen, e.g. http://0.0.0.0:8080 (';' between several) [default: ASPNETCORE_URLS, else {RiskTriggersWebApp.DefaultUrls}]",
        };
        var simulate = new Option<bool>("--simulate") { Description = "Feed simulated contact-center traffic (wall clock) into the service" };
        var seed = new Option<int>("--seed") { Description = "Seed of the simulated traffic", DefaultValueFactory = _ => 7 };
        var command = new Command("serve", "Run the service: ingestion API, live alerts, supervisor dashboard; settings as --Section:Key=value") { urls, simulate, seed };
        command.TreatUnmatchedTokensAsErrors = false; // they are configuration, checked by ServeArguments
        command.SetAction(async (parse, ct) =>
        {
            if (ServeArguments.Mistake(parse.UnmatchedTokens, command) is { } mistake)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"serve: {mistake}");
                return 1;
            }
            return await Run(parse.GetValue(urls), [.. parse.UnmatchedTokens],
                parse.GetValue(simulate) ? SimulatedFloor(parse.GetValue(seed)) : null, parse.InvocationConfiguration, ct);
        });
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

    /// <summary>A busy floor: about twenty new interactions a minute for an hour; the first alerts show two to three minutes in.</summary>
    private static TrafficOptions SimulatedFloor(int seed) => new() { Seed = seed, Interactions = 1200, Duration = TimeSpan.FromHours(1) };

    private static async Task<int> Run(string? urls, string[] configArgs, TrafficOptions? simulation, InvocationConfiguration console, CancellationToken ct)
    {
        var starting = true;
        await using var app = RiskTriggersWebApp.Build(configArgs, urls, builder =>
        {
            // A failed start is reported below in one line; the host would first log it with its whole stack. The
            // rule replaces the configured level for this category, so it keeps Information as the floor itself.
            builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host",
                level => level >= LogLevel.Information && (!starting || level < LogLevel.Error));
            if (simulation is not null)
                builder.Services.AddSingleton(simulation).AddHostedService<SimulationFeeder>();
        }, DemoEnvironment(configArgs, simulation));
        var listenOn = app.Configuration["urls"];
        if (ListenAddresses.Problem(listenOn, urls is null ? "ASPNETCORE_URLS or the urls setting" : "--urls") is { } badAddress)
            return await FailAsync(console, badAddress);
        try
        {
            // Checked here first so a bad configuration is reported as a list, not as a host start-up failure.
            _ = app.Services.GetRequiredService<IOptions<RiskTriggersOptions>>().Value;
            await app.StartAsync(ct);
        }
        catch (OptionsValidationException ex)
        {
            return await FailAsync(console, "the configuration is not valid:\n" + string.Join("\n", ex.Failures.Select(f => $"  - {f}")));
        }
        catch (IOException ex) when (ex.InnerException is AddressInUseException)
        {
            return await FailAsync(console, ListenAddresses.InUse(listenOn, ex.Message));
        }
        catch (IOException ex)
        {
            return await FailAsync(console, $"cannot listen: {ex.Message} ({ListenAddresses.Remedy})");
        }
        catch (StackExchange.Redis.RedisConnectionException ex)
        {
            return await FailAsync(console, RedisUnreachable.Message(app.Configuration, ex));
        }
        finally
        {
            starting = false;
        }
        StartupBanner.Write(app, console.Output);
        await app.WaitForShutdownAsync(ct);
        return 0;
    }

    private static async Task<int> FailAsync(InvocationConfiguration console, string message)
    {
        await console.Error.WriteLineAsync($"serve: {message}");
        return 2;
    }
}
