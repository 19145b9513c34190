using RiskTriggers.Engine;
using RiskTriggers.Engine.Alerts;

namespace RiskTriggers.Host.Cli.Demo;

/// <summary>
/// How the demo looks in a terminal: one line per alert, coloured by priority (P1 red, P2 yellow, P3 cyan,
/// P4 grey), unless output is redirected or NO_COLOR is set.
/// </summary>
internal sealed class DemoConsole(TextWriter output, bool colour)
{
    private const int ActionWidth = 70;
    private const string Reset = "\u001b[0m";
    private const string Grey = "\u001b[90m";

    public static DemoConsole ForStdout() =>
        new(Console.Out, !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")));

    public void Header(int interactions, int seed, double speed, TimeSpan arrivals, TimeSpan? limit)
    {
        output.WriteLine("RiskTriggers demo: a simulated contact center, live.");
        output.WriteLine($"  {interactions} interactions (seed {seed}) arrive over {Durations.Format(arrivals)} of simulated time; the clock runs {speed:0.##}× real time,");
        output.WriteLine($"  so the 5-minute reply deadline fires {Durations.Format(TimeSpan.FromMinutes(5) / speed)} after an unanswered customer message.");
        output.WriteLine("  Every event goes through the real pipeline and the default rule pack. Each line is an alert:");
        output.WriteLine("  time  priority audience  interaction customer  rule  signal evidence  → recommended action");
        output.WriteLine($"  {Paint(Priority.P1, "P1 red")}, {Paint(Priority.P2, "P2 yellow")}, {Paint(Priority.P3, "P3 cyan")}, {Paint(Priority.P4, "P4 grey")}; a status line every 10 s. " +
                         (limit is { } l ? $"Stops after {Durations.Format(l)}, or Ctrl+C." : "Ctrl+C stops."));
        output.WriteLine();
        output.Flush();
    }

    public void Alert(Alert alert)
    {
        var evidence = alert.Evidence.Count == 0 ? null : alert.Evidence[0];
        var detail = evidence is null ? "" : evidence.Phrase is { } phrase ? $"\"{phrase}\"" : evidence.Measured;
        var action = alert.RecommendedAction;
        if (colour && action.Length > ActionWidth)
            action = action[..(ActionWidth - 1)] + "…";
        var line = $"{alert.RaisedAt.ToLocalTime():HH:mm:ss}  {alert.Priority} {Audience(alert.Audience),-10} {alert.InteractionId} {alert.CustomerId}  " +
                   $"{alert.Rule,-16} {evidence?.Signal,-21} {detail}  → {action}";
        output.WriteLine(Paint(alert.Priority, line));
        output.Flush();
    }

    public void Status(DateTimeOffset simulatedNow, TimeSpan realElapsed, DemoTally tally)
    {
        output.WriteLine(Dim($"{simulatedNow.ToLocalTime():HH:mm:ss}  ·· {Durations.Format(Whole(realElapsed))} real: {tally.Events} events, " +
                             $"{tally.Alerts} alerts ({tally.ByPriority})"));
        output.Flush();
    }

    public void Problem(string message)
    {
        output.WriteLine(Paint(Priority.P1, message));
        output.Flush();
    }

    public void Summary(string why, DateTimeOffset start, DateTimeOffset simulatedNow, TimeSpan realElapsed, DemoTally tally)
    {
        output.WriteLine();
        output.WriteLine($"demo {why} after {Durations.Format(Whole(realElapsed))} real ({Durations.Format(Whole(simulatedNow - start))} simulated): " +
                         $"{tally.Events} events, {tally.Alerts} alerts{(tally.Failures > 0 ? $", {tally.Failures} failed steps" : "")}");
        output.WriteLine($"  by priority: {tally.ByPriority}");
        output.WriteLine($"  by rule:     {tally.ByRule}");
        output.WriteLine($"  by signal:   {tally.BySignal}");
        output.Flush();
    }

    private string Paint(Priority priority, string text) => colour ? Colour(priority) + text + Reset : text;

    private string Dim(string text) => colour ? Grey + text + Reset : text;

    private static string Colour(Priority priority) => priority switch
    {
        Priority.P1 => "\u001b[31m",
        Priority.P2 => "\u001b[33m",
        Priority.P3 => "\u001b[36m",
        _ => Grey,
    };

    private static string Audience(Audience audience) => audience.ToString().ToLowerInvariant();

    private static TimeSpan Whole(TimeSpan value) => TimeSpan.FromSeconds(Math.Floor(value.TotalSeconds));
}
