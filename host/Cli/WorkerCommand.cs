using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Options;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Host.Cluster;
using RiskTriggers.Host.Ingestion;
using RiskTriggers.Host.Streams;

namespace RiskTriggers.Host.Cli;

/// <summary>
/// <c>worker</c>: a host without HTTP — an Orleans silo that joins the cluster in Redis and owns its share of the
/// partitions: reads their streams <c>rt:events:N</c>, fires their deadlines on event time and appends alerts to
/// <c>rt:alerts</c>. Runs until SIGTERM or Ctrl+C; its partitions move to the other silos.
/// </summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var redis = new RedisCliOptions();
        var batch = new Option<int?>("--batch") { Description = "Entries a partition reads from its stream at a time (default 1000)" };
        var lateness = new Option<string?>("--lateness") { Description = "Allowed lateness of events, e.g. 30s (default 30s)" };
        var siloPort = new Option<int?>("--silo-port") { Description = "Port other silos reach this one on (default 11111)" };
        var gatewayPort = new Option<int?>("--gateway-port") { Description = "Orleans gateway port (default 30000)" };
        var settings = new Option<string?>("--settings") { Description = "Settings document (JSON) instead of the built-in defaults" };
        var command = new Command("worker", "Join the cluster in Redis and own a share of the partitions (no HTTP)")
        {
            batch, lateness, siloPort, gatewayPort, settings,
        };
        foreach (var option in redis.All)
            command.Options.Add(option);
        command.SetAction((parse, ct) =>
        {
            var config = redis.ToConfiguration(parse);
            RedisCliOptions.Set(config, nameof(RedisOptions.BatchSize), parse.GetValue(batch)?.ToString(CultureInfo.InvariantCulture));
            if (!RedisCliOptions.TrySetDuration(config, nameof(RedisOptions.AllowedLateness), parse.GetValue(lateness), out var error))
                return Task.FromResult(Fail($"--lateness: {error}"));
            if (parse.GetValue(siloPort) is { } silo)
                config[$"{SiloOptions.Section}:{nameof(SiloOptions.SiloPort)}"] = silo.ToString(CultureInfo.InvariantCulture);
            if (parse.GetValue(gatewayPort) is { } gateway)
                config[$"{SiloOptions.Section}:{nameof(SiloOptions.GatewayPort)}"] = gateway.ToString(CultureInfo.InvariantCulture);
            return RunAsync(config, parse.GetValue(settings), ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(Dictionary<string, string?> overrides, string? settingsPath, CancellationToken ct)
    {
        if (!SettingsFile.TryLoad(settingsPath, out var settings, out var settingsError))
            return Fail(settingsError);

        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        builder.Configuration.AddInMemoryCollection(overrides);
        var connection = builder.Configuration[$"{RedisOptions.Section}:{nameof(RedisOptions.ConnectionString)}"];
        if (string.IsNullOrWhiteSpace(connection))
            return Fail("needs Redis: pass --redis HOST:PORT or set RiskTriggers__Redis__ConnectionString");
        // Orleans' silo fails its start on an unreachable Redis and then fails its own shutdown: ask first.
        if (await RedisUnreachable.ProblemAsync(builder.Configuration) is { } unreachable)
            return Fail(unreachable);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
            o.UseUtcTimestamp = true;
        });
        builder.Logging.AddFilter("Orleans", LogLevel.Warning);
        builder.Services.AddSingleton<ISettingsSource>(new FixedSettings(settings));
        builder.Services.AddRiskTriggersState(builder.Configuration);
        builder.Services.AddRiskTriggersIntake(builder.Configuration);
        builder.Services.AddRiskTriggersSilo(builder.Configuration);

        try
        {
            using var host = builder.Build();
            await host.RunAsync(ct);
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            return Fail("invalid configuration:\n  " + string.Join("\n  ", ex.Failures));
        }

    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"worker: {message}");
        return 2;
    }
}
