using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Options;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Host.Ingestion;
using RiskTriggers.Host.Streams;

namespace RiskTriggers.Host.Cli;

/// <summary>
/// <c>worker</c>: a headless host that consumes the Redis ingestion streams through the pipeline, fires due
/// deadlines and writes alerts to <c>rt:alerts</c>. Runs until SIGTERM or Ctrl+C, then stops cleanly: what is in
/// the pipeline finishes and is acknowledged, the rest stays pending for another host.
/// </summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var redis = new RedisCliOptions();
        var consumer = new Option<string?>("--consumer") { Description = "This host's consumer name in the group (default machine-pid)" };
        var batch = new Option<int?>("--batch") { Description = "Entries per XREADGROUP (default 100)" };
        var maxInFlight = new Option<int?>("--max-in-flight") { Description = "Most entries read but not yet acknowledged (default 1000)" };
        var claimIdle = new Option<string?>("--claim-idle") { Description = "Take over entries idle this long at another consumer, e.g. 30s" };
        var settings = new Option<string?>("--settings") { Description = "Settings document (JSON) instead of the built-in defaults" };
        var command = new Command("worker", "Consume the Redis ingestion streams and fire deadlines against Redis (no HTTP)")
        {
            consumer, batch, maxInFlight, claimIdle, settings,
        };
        foreach (var option in redis.All)
            command.Options.Add(option);
        command.SetAction((parse, ct) =>
        {
            var config = redis.ToConfiguration(parse);
            RedisCliOptions.Set(config, nameof(RedisOptions.ConsumerName), parse.GetValue(consumer));
            RedisCliOptions.Set(config, nameof(RedisOptions.BatchSize), parse.GetValue(batch)?.ToString(CultureInfo.InvariantCulture));
            RedisCliOptions.Set(config, nameof(RedisOptions.MaxInFlight), parse.GetValue(maxInFlight)?.ToString(CultureInfo.InvariantCulture));
            if (!RedisCliOptions.TrySetDuration(config, nameof(RedisOptions.ClaimIdleTime), parse.GetValue(claimIdle), out var error))
                return Task.FromResult(Fail($"--claim-idle: {error}"));
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
        if (string.IsNullOrWhiteSpace(builder.Configuration[$"{RedisOptions.Section}:{nameof(RedisOptions.ConnectionString)}"]))
            return Fail("needs Redis: pass --redis HOST:PORT or set RiskTriggers__Redis__ConnectionString");
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
            o.UseUtcTimestamp = true;
        });
        builder.Services.AddSingleton<ISettingsSource>(new FixedSettings(settings));
        builder.Services.AddRiskTriggersState(builder.Configuration);
        builder.Services.AddRiskTriggersIntake(builder.Configuration);
        builder.Services.AddRiskTriggersStreams();

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
