using System.CommandLine;
using System.Reactive.Subjects;
using RiskTriggers.Engine;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Pipeline;
using RiskTriggers.Simulation;
using RiskTriggers.Host.Simulation;
using RiskTriggers.Rules;

namespace RiskTriggers.Host.Cli.Demo;

/// <summary>
/// <c>demo</c>: a simulated contact center, live. Generated traffic is played on a speed-scaled wall clock
/// through the same pipeline and rules as production, and alerts are printed as they fire.
/// </summary>
internal static class DemoCommand
{
    /// <summary>Simulated time between arrivals, so --interactions sets how long the demo runs, not how busy it is.</summary>
    private static readonly TimeSpan ArrivalSpacing = TimeSpan.FromSeconds(12);
    private static readonly TimeSpan StatusEvery = TimeSpan.FromSeconds(10);

    public static Command Create()
    {
        var seed = new Option<int>("--seed") { Description = "Seed of the simulated traffic", DefaultValueFactory = _ => new TrafficOptions().Seed };
        var speed = new Option<double>("--speed") { Description = "Simulated seconds per real second; 1 is wall-clock time", DefaultValueFactory = _ => 10 };
        var interactions = new Option<int>("--interactions") { Description = "Number of interactions", DefaultValueFactory = _ => 200 };
        var duration = new Option<string?>("--duration") { Description = "Stop after this much real time, e.g. 90s (default: when the traffic is done, or Ctrl+C)" };
        var command = new Command("demo", "A simulated contact center, live: alerts printed as they fire") { seed, speed, interactions, duration };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(seed), parse.GetValue(speed), parse.GetValue(interactions), parse.GetValue(duration), ct));
        return command;
    }

    private static async Task<int> RunAsync(int seed, double speed, int interactions, string? durationText, CancellationToken ct)
    {
        TimeSpan limit = default;
        if (speed <= 0 || interactions < 1 || (durationText is not null && (!Durations.TryParse(durationText, out limit) || limit <= TimeSpan.Zero)))
        {
            Console.Error.WriteLine("demo: --speed must be more than 0, --interactions at least 1, --duration a duration such as 90s");
            return 2;
        }

        var engine = DefaultEngine.Create(); // compiles the rules: before the clock starts
        var options = new TrafficOptions { Seed = seed, Interactions = interactions, Duration = ArrivalSpacing * interactions };
        var screen = DemoConsole.ForStdout();
        screen.Header(interactions, seed, speed, options.Duration, durationText is null ? null : limit);

        var traffic = SimulatedTraffic.StartNow(options, speed);
        var clock = traffic.Clock;
        var tally = new DemoTally();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (durationText is not null)
            stop.CancelAfter(limit);

        using var events = new Subject<InteractionEvent>();
        using var alerts = events.Process(engine, clock.Scheduler).Subscribe(step =>
        {
            tally.Add(step);
            foreach (var alert in step.Alerts)
                screen.Alert(alert);
            if (step.Failure is { } failure)
                screen.Problem($"step at {step.At:HH:mm:ss} failed: {failure.Message}");
        });

        var nextStatus = StatusEvery;
        await traffic.RunAsync(events, afterTick: () =>
        {
            if (clock.RealElapsed < nextStatus)
                return;
            nextStatus += StatusEvery;
            screen.Status(clock.Now, clock.RealElapsed, tally);
        }, ct: stop.Token);

        var why = ct.IsCancellationRequested ? "stopped" : stop.IsCancellationRequested ? "reached --duration" : "finished";
        screen.Summary(why, clock.Start, clock.Now, clock.RealElapsed, tally);
        return 0;
    }
}
