using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using RiskTriggers.Simulation;

namespace RiskTriggers.Host.Cli;

/// <summary>
/// <c>generate</c>: simulated contact-center traffic as JSON lines, the same for the same seed. Feed it to
/// <c>replay</c>, or keep it as a sample.
/// </summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var defaults = new TrafficOptions();
        var seed = new Option<int>("--seed") { Description = "Seed of the simulation; the same seed gives the same events", DefaultValueFactory = _ => defaults.Seed };
        var interactions = new Option<int>("--interactions") { Description = "Number of interactions", DefaultValueFactory = _ => defaults.Interactions };
        var start = new Option<string>("--start") { Description = "When the first interaction may start, ISO-8601 with an offset", DefaultValueFactory = _ => defaults.Start.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) };
        var output = new Option<string?>("--out") { Description = "Write to this file instead of stdout" };
        var command = new Command("generate", "Generate simulated contact-center events as JSON lines") { seed, interactions, start, output };
        command.SetAction(parse => Run(parse.GetValue(seed), parse.GetValue(interactions), parse.GetValue(start)!, parse.GetValue(output)));
        return command;
    }

    private static int Run(int seed, int interactions, string startText, string? path)
    {
        if (!DateTimeOffset.TryParse(startText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var start))
            return Fail($"--start '{startText}' is not a timestamp such as 2026-11-24T08:00:00Z");
        if (interactions < 1)
            return Fail("--interactions must be at least 1");

        var generator = new TrafficGenerator(new TrafficOptions { Seed = seed, Interactions = interactions, Start = start.ToUniversalTime() });
        using var writer = path is null ? Console.Out : new StreamWriter(path, append: false, new UTF8Encoding(false));
        var count = 0;
        foreach (var e in generator.Generate())
        {
            writer.WriteLine(JsonSerializer.Serialize(e, CliJson.Context.InteractionEvent));
            count++;
        }
        writer.Flush();
        if (path is not null)
            Console.Error.WriteLine($"generate: {count} events of {interactions} interactions (seed {seed}) written to {path}");
        return 0;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"generate: {message}");
        return 2;
    }
}
