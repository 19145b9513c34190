using System.CommandLine;
using RiskTriggers.Engine;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Pipeline;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Rules;

namespace RiskTriggers.Host.Cli;

/// <summary>
/// <c>explain --events FILE --interaction ID</c>: replays the whole history (a repeated inquiry counts the
/// customer's other interactions too) and tells, in time order, what happened in one interaction: its events,
/// the signals with measured value and threshold, and each alert with its evidence and recommended action.
/// </summary>
internal static class ExplainCommand
{
    public static Command Create()
    {
        var events = new Option<string>("--events") { Description = "History as JSON-lines events, or - for stdin", Required = true };
        var interaction = new Option<string>("--interaction") { Description = "Interaction id to explain", Required = true };
        var settings = new Option<string?>("--settings") { Description = "Settings document to replay with instead of the built-in defaults" };
        var format = new Option<string>("--format") { Description = "Readable text or JSON", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var (lateness, drain, progress, model, threads) = (BacktestCommand.LatenessOption(), BacktestCommand.DrainOption(), CliProgress.Option(), ModelOption.Create(), ThreadsOption.Create());
        var command = new Command("explain", "Replay history and show one interaction's events, signals (measured vs threshold) and alerts with their evidence")
        {
            events, interaction, settings, format, lateness, drain, progress, model, threads,
        };
        command.SetAction(parse => Run(parse.GetValue(events)!, parse.GetValue(interaction)!, parse.GetValue(settings), parse.GetValue(model), parse.GetValue(format) == "json",
            parse.GetValue(lateness)!, parse.GetValue(drain)!, parse.GetValue(threads), parse.InvocationConfiguration.Output,
            CliProgress.On("explain", parse.InvocationConfiguration.Error, parse.GetValue(progress)), parse.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(string path, string interactionId, string? settingsPath, string? modelPath, bool asJson, string latenessText, string drainText,
        int? threads, TextWriter output, CliProgress progress, TextWriter error)
    {
        if (!Durations.TryParse(latenessText, out var lateness) || !Durations.TryParse(drainText, out var drain))
            return Fail(error, "--lateness and --drain take durations such as 30s, 5m or 1d", 2);
        if (!SettingsFile.TryLoad(settingsPath, out var settings, out var settingsError))
            return Fail(error, settingsError, 2);
        if (!ModelOption.TryLoad(modelPath, out var model, out var modelError))
            return Fail(error, modelError, 2);
        ModelOption.WarnIfMismatched(error, "explain", model, settings);
        if (!EventFile.TryOpen(path, out var input, out var openError))
            return Fail(error, openError, 2);

        var collector = new ExplainCollector(interactionId, model ?? Rules.Models.DefaultModel.Load());
        int linesRead;
        progress.Start(input.CanSeek ? input.Length : 0);
        using (input)
        {
            var events = new EventFile(new ProgressStream(input, progress), path, EventLimits.Default);
            Replay.Run(events.Events().InTimeOrder(e => e.OccurredAt, lateness), DefaultEngine.Create(settings: new FixedSettings(settings), model: model), step =>
            {
                collector.Add(step);
                progress.Counted(step.Event is null ? 0 : 1, step.Alerts.Count);
            }, drain, threads);
            linesRead = events.LinesRead;
        }
        progress.Finish();
        if (!collector.Found)
            return Fail(error, $"interaction '{interactionId}' not found in {path} ({linesRead} lines read)", 1);

        var report = collector.Build(settings);
        if (asJson)
            output.WriteLine(report.ToJson());
        else
            report.WriteText(output);
        output.Flush();
        return 0;
    }

    private static int Fail(TextWriter error, string message, int code)
    {
        error.WriteLine($"explain: {message}");
        return code;
    }
}
