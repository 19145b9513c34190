using System.Buffers;
using RiskTriggers.Engine.Dissatisfaction;
using System.CommandLine;
using System.Text.Json;
using RiskTriggers.Engine;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Pipeline;
using RiskTriggers.Engine.Processing;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Rules;

namespace RiskTriggers.Host.Cli;

/// <summary>
/// <c>replay FILE</c>: events (JSON lines) through the pipeline on a virtual clock; one JSON alert per line on
/// stdout; progress (on a terminal, or with --progress) and a summary on stderr. With <c>--shadow CANDIDATE</c>
/// a second document runs beside it (<see cref="ReplayShadow"/>); its comparison goes to stderr too. Bad lines
/// are reported, not fatal; an unreadable input is (exit 2).
/// </summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "JSON-lines events, or - for stdin" };
        var lateness = new Option<string>("--lateness") { Description = "Reorder events arriving up to this late, e.g. 30s", DefaultValueFactory = _ => "30s" };
        var drain = new Option<string>("--drain") { Description = "Keep the clock running this long after the last event so pending deadlines fire", DefaultValueFactory = _ => "1d" };
        var settings = new Option<string?>("--settings") { Description = "Settings document (JSON) to replay with instead of the built-in defaults" };
        var shadow = new Option<string?>("--shadow") { Description = "Candidate settings document to run beside the one in force: stderr tells what it would raise that that one does not, and the reverse" };
        var progress = CliProgress.Option();
        var model = ModelOption.Create();
        var threads = ThreadsOption.Create();
        var command = new Command("replay", "Replay recorded events on a virtual clock and print the alerts as JSON lines") { file, lateness, drain, settings, shadow, progress, model, threads };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(lateness)!, parse.GetValue(drain)!, parse.GetValue(settings),
            parse.GetValue(shadow), parse.GetValue(progress), parse.GetValue(model), parse.GetValue(threads)));
        return command;
    }

    private static int Run(string path, string latenessText, string drainText, string? settingsPath, string? shadowPath, bool showProgress, string? modelPath, int? threads)
    {
        if (!Durations.TryParse(latenessText, out var lateness) || !Durations.TryParse(drainText, out var drain))
            return Fail($"--lateness and --drain take durations such as 30s, 5m or 1d");
        if (!SettingsFile.TryLoad(settingsPath, out var settings, out var settingsError))
            return Fail(settingsError);
        if (!SettingsFile.TryLoad(shadowPath, out var candidate, out var candidateError))
            return Fail(candidateError.Replace("settings file", "--shadow file", StringComparison.Ordinal));
        if (!ModelOption.TryLoad(modelPath, out var model, out var modelError))
            return Fail(modelError);
        ModelOption.WarnIfMismatched(Console.Error, "replay", model, settings);
        if (!EventFile.TryOpen(path, out var input, out var error))
            return Fail(error);

        var progress = CliProgress.On("replay", Console.Error, showProgress);
        progress.Start(input.CanSeek ? input.Length : 0);
        using (input)
        {
            var events = new EventFile(new ProgressStream(input, progress), path, EventLimits.Default);
            var summary = new ReplaySummary();
            var comparison = shadowPath is null ? null : new ReplayShadow(shadowPath, settingsPath ?? "the built-in defaults");
            // Buffered, flushed once at the end: Console.Out flushes every line (a tenth of replay time in a trace).
            // Alerts are written as UTF-8 straight into the buffer (no string per alert), as CliJson would write them.
            using var stdout = new BufferedStream(Console.OpenStandardOutput(), 1 << 16);
            var buffer = new ArrayBufferWriter<byte>(1 << 12);
            using var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = CliJson.Context.Options.Encoder });
            Replay.Run(events.Events().InTimeOrder(e => e.OccurredAt, lateness), Engines(settings, comparison is null ? null : candidate, model), (engine, step) =>
            {
                if (engine == 1)
                {
                    comparison!.AddCandidate(step);
                    return;
                }
                summary.Add(step);
                comparison?.AddInForce(step);
                progress.Counted(step.Event is null ? 0 : 1, step.Alerts.Count);
                foreach (var alert in step.Alerts)
                {
                    JsonSerializer.Serialize(json, alert, CliJson.Context.Alert);
                    json.Flush();
                    stdout.Write(buffer.WrittenSpan);
                    stdout.WriteByte((byte)'\n');
                    buffer.ResetWrittenCount();
                    json.Reset(buffer);
                }
            }, drain, threads);
            stdout.Flush();
            progress.Finish();
            summary.WriteTo(Console.Error, events);
            comparison?.WriteTo(Console.Error);
        }
        return 0;
    }

    /// <summary>The engine whose alerts are printed, then the shadow's candidate if there is one.</summary>
    private static IRiskEngine[] Engines(RiskSettings inForce, RiskSettings? candidate, DissatisfactionModel? model) => candidate is null
        ? [DefaultEngine.Create(settings: new FixedSettings(inForce), model: model)]
        : [DefaultEngine.Create(settings: new FixedSettings(inForce), model: model), DefaultEngine.Create(settings: new FixedSettings(candidate), model: model)];

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"replay: {message}");
        return 2;
    }
}
