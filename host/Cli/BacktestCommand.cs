using System.CommandLine;
using System.Text.Json.Nodes;
using RiskTriggers.Engine;
using RiskTriggers.Engine.Backtesting;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Rules;

namespace RiskTriggers.Host.Cli;

/// <summary>
/// <c>backtest --events FILE [--settings A.json …] [--sweep PATH=FROM..TO:STEP]</c>: replays history through the
/// pipeline once per settings document (or swept value), in parallel, and scores the alerts against the
/// complaints that followed. Prints a table (or JSON), optionally writes the JSON report and, for a sweep,
/// an HTML chart. Invalid settings or sweeps are refused before any replay (exit 2).
/// </summary>
internal static class BacktestCommand
{
    public static Command Create()
    {
        var events = new Option<string>("--events") { Description = "History as JSON-lines events, with complaint_filed or satisfaction_rated outcomes", Required = true };
        var settings = new Option<string[]>("--settings") { Description = "Settings document to score; repeat to compare several side by side (with --sweep: the base document)" };
        var horizon = new Option<string>("--horizon") { Description = "A complaint counts as foretold by an alert for the same customer at most this long before it", DefaultValueFactory = _ => "24h" };
        var sweep = new Option<string?>("--sweep") { Description = "Sweep one threshold by its JSON path, e.g. replyOverdue.after=2m..10m:1m or inquiryRepeated.moreThan=2..6:1" };
        var json = new Option<string?>("--json") { Description = "Also write the JSON report to this file" };
        var chart = new Option<string?>("--chart") { Description = "Sweep chart (HTML) to write; default sweep.html next to --json, else in the current directory" };
        var format = new Option<string>("--format") { Description = "What stdout gets: a readable table or the JSON report", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var (lateness, drain, progress, model, threads) = (LatenessOption(), DrainOption(), CliProgress.Option(), ModelOption.Create(), ThreadsOption.Create());
        var command = new Command("backtest", "Score alerts against the complaints that followed them, for one or more settings documents or a threshold sweep")
        {
            events, settings, horizon, sweep, json, chart, format, lateness, drain, progress, model, threads,
        };
        command.SetAction((parse, ct) => RunAsync(new BacktestRequest(
            parse.GetValue(events)!, parse.GetValue(settings) ?? [], parse.GetValue(horizon)!, parse.GetValue(sweep), parse.GetValue(json),
            parse.GetValue(chart), parse.GetValue(format) == "json", parse.GetValue(lateness)!, parse.GetValue(drain)!, parse.GetValue(progress), parse.GetValue(model), parse.GetValue(threads)),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));
        return command;
    }

    /// <summary><c>--lateness</c>, as <c>replay</c> has it: the verbs that replay history share it.</summary>
    internal static Option<string> LatenessOption() =>
        new("--lateness") { Description = "Reorder events arriving up to this late", DefaultValueFactory = _ => "30s" };

    /// <summary><c>--drain</c>, as <c>replay</c> has it.</summary>
    internal static Option<string> DrainOption() =>
        new("--drain") { Description = "Keep the clock running this long after the last event so pending deadlines fire", DefaultValueFactory = _ => "1d" };

    private static async Task<int> RunAsync(BacktestRequest request, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (!Durations.TryParse(request.Horizon, out var horizon) || horizon <= TimeSpan.Zero)
            return Fail(error, $"--horizon '{request.Horizon}' is not a positive duration such as 24h or 90m");
        if (!Durations.TryParse(request.Lateness, out var lateness) || !Durations.TryParse(request.Drain, out var drain))
            return Fail(error, "--lateness and --drain take durations such as 30s, 5m or 1d");
        if (!ModelOption.TryLoad(request.ModelPath, out var model, out var modelError))
            return Fail(error, modelError);
        if (!TryPlan(request, out var variants, out var sweep, out var planError))
            return Fail(error, planError);
        foreach (var variant in variants.DistinctBy(v => v.Settings.Defaults.Dissatisfaction.SustainedMessages))
            ModelOption.WarnIfMismatched(error, "backtest", model, variant.Settings);
        var progress = CliProgress.On("backtest", error, request.Progress);
        if (!BacktestHistory.TryOpen(request.Events, lateness, progress, out var history, out var openError))
            return Fail(error, openError);

        history.Prepare(variants.Count);
        var outcomes = new BacktestOutcome[variants.Count];
        // The runs share the cores: each replays on its share of them, unless --threads says how many.
        var threadsPerRun = request.Threads ?? Math.Max(1, Environment.ProcessorCount / variants.Count);
        await Parallel.ForEachAsync(Enumerable.Range(0, variants.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct },
            (i, _) =>
            {
                var engine = DefaultEngine.Create(settings: new FixedSettings(variants[i].Settings), model: model);
                outcomes[i] = Backtest.Run(history.Events(), engine, horizon, drain,
                    dissatisfiedAtOrBelow: variants[i].Settings.Defaults.Dissatisfaction.RatedDissatisfiedAtOrBelow, threads: threadsPerRun);
                progress.Counted(0, outcomes[i].Alerts.Count);
                return ValueTask.CompletedTask;
            });
        progress.Finish();

        var report = BacktestReport.From(request.Events, horizon, history, variants, outcomes, sweep);
        try
        {
            return Write(request, report, history, output, error);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Fail(error, ex.Message);
        }
    }

    private static int Write(BacktestRequest request, BacktestReport report, BacktestHistory history, TextWriter output, TextWriter error)
    {
        var notes = request.AsJson ? error : output;
        if (request.AsJson)
            output.WriteLine(report.ToJson());
        else if (report.Sweep is null)
            report.WriteTable(output);
        else
            report.WriteSweepTable(output);

        if (request.JsonPath is { } jsonPath)
            File.WriteAllText(jsonPath, report.ToJson());
        if (report.Sweep is not null)
        {
            var chartPath = Path.GetFullPath(request.ChartPath
                ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(request.JsonPath ?? "x"))!, "sweep.html"));
            File.WriteAllText(chartPath, SweepChart.Html(report));
            notes.WriteLine();
            notes.WriteLine($"chart: {chartPath}");
        }
        if (history.InMemory)
            error.WriteLine($"backtest: {report.EventsReplayed:N0} events read once into memory and replayed by {report.Runs.Count} runs in parallel");
        if (history.Rejections.Count > 0)
        {
            error.WriteLine($"backtest: {history.Rejections.Count} of {history.LinesRead} lines rejected and left out, e.g.");
            foreach (var rejection in history.Rejections.Take(3))
                error.WriteLine($"  line {rejection.Position}: {rejection.Reason}");
        }
        output.Flush();
        return 0;
    }

    /// <summary>The runs to make, each with a validated settings document; all problems found before any replay.</summary>
    private static bool TryPlan(BacktestRequest request, out List<BacktestVariant> variants, out SweepPlan? sweep, out string error)
    {
        variants = [];
        sweep = null;
        error = "";
        if (request.Sweep is { } spec)
        {
            if (request.Settings.Length > 1)
            {
                error = "--sweep takes at most one --settings document, the base the swept value is set in";
                return false;
            }
            var basePath = request.Settings.FirstOrDefault();
            if (!SettingsFile.TryLoad(basePath, out var baseSettings, out error))
                return false;
            try
            {
                var parsed = ThresholdSweep.Parse(spec);
                var documents = parsed.SettingsFrom(baseSettings);
                variants.AddRange(parsed.Values.Zip(documents, (value, doc) => new BacktestVariant($"{parsed.Path}={value.Label}", basePath, doc, value)));
                sweep = new SweepPlan(parsed, InForce(baseSettings, parsed.Path));
                return true;
            }
            catch (FormatException ex)
            {
                error = $"--sweep: {ex.Message}";
            }
            catch (SettingsException ex)
            {
                error = $"--sweep '{spec}' cannot be applied to {(basePath is null ? "the built-in defaults" : $"'{basePath}'")}:\n  " + string.Join("\n  ", ex.Errors);
            }
            return false;
        }

        if (request.Settings.Length == 0)
        {
            variants.Add(new BacktestVariant("defaults", null, RiskSettings.BuiltIn, null));
            return true;
        }
        var errors = new List<string>();
        foreach (var path in request.Settings)
        {
            if (SettingsFile.TryLoad(path, out var loaded, out var loadError))
                variants.Add(new BacktestVariant(Path.GetFileName(path), path, loaded, null));
            else
                errors.Add(loadError);
        }
        var duplicate = variants.GroupBy(v => v.Label).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            variants = variants.Select(v => v with { Label = v.SettingsPath! }).ToList();
        error = string.Join("\n", errors);
        return errors.Count == 0;
    }

    /// <summary>The base document's value at the swept path, which the chart marks; the path was checked by <see cref="ThresholdSweep.SettingsFrom"/>.</summary>
    private static SweepValue? InForce(RiskSettings baseSettings, string path)
    {
        var node = JsonNode.Parse(baseSettings.ToJson());
        foreach (var segment in path.Split('.'))
            node = node?[segment];
        if (node is not JsonValue value)
            return null;
        if (value.TryGetValue<string>(out var text))
            return Durations.TryParse(text, out var duration) ? SweepValue.Of(duration.TotalSeconds, isDuration: true) : null;
        return value.TryGetValue<double>(out var number) ? SweepValue.Of(number, isDuration: false) : null;
    }

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine($"backtest: {message}");
        return 2;
    }
}

/// <summary>The verb's arguments as given.</summary>
internal sealed record BacktestRequest(
    string Events, string[] Settings, string Horizon, string? Sweep, string? JsonPath, string? ChartPath, bool AsJson, string Lateness, string Drain,
    bool Progress, string? ModelPath = null, int? Threads = null);

/// <summary>A threshold sweep and the value it replaces (null when the base document's value cannot be read as one).</summary>
internal sealed record SweepPlan(ThresholdSweep Grid, SweepValue? InForce);

/// <summary>One run of a backtest: a label for the table, the settings document and, in a sweep, the swept value.</summary>
internal sealed record BacktestVariant(string Label, string? SettingsPath, RiskSettings Settings, SweepValue? Value);
