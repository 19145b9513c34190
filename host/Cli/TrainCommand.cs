using System.CommandLine;
using RiskTriggers.Engine.Dissatisfaction;
using RiskTriggers.Engine.Dissatisfaction.Training;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Rules.Settings;

namespace RiskTriggers.Host.Cli;

/// <summary>
/// <c>train --events FILE --out MODEL.json</c>: learns the dissatisfaction model from labelled history
/// (customer messages plus <c>satisfaction_rated</c> / <c>complaint_filed</c> outcomes), reports its
/// cross-validated quality per language on stdout and writes the model file.
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var events = new Option<string>("--events") { Description = "History as JSON-lines events with satisfaction_rated or complaint_filed outcomes", Required = true };
        var output = new Option<string>("--out") { Description = "Model file to write", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed of the fold split and the training order", DefaultValueFactory = _ => 7 };
        var folds = new Option<int>("--folds") { Description = "Cross-validation folds", DefaultValueFactory = _ => 5 };
        var recall = new Option<double>("--target-recall") { Description = "Operating point: the most precise threshold whose cross-validated recall reaches this", DefaultValueFactory = _ => 0.55 };
        var sustained = new Option<int>("--sustained-messages")
        {
            Description = "Score as the signal fires: held over this many customer messages in a row (the setting dissatisfaction.sustainedMessages)",
            DefaultValueFactory = _ => DefaultSettings.Load().Defaults.Dissatisfaction.SustainedMessages,
        };
        var cut = new Option<double>("--dissatisfied-at-or-below") { Description = "A satisfaction_rated score at or below this is dissatisfied (-2..2 scale; for 1-5 CSAT use 2)", DefaultValueFactory = _ => -0.5 };
        var command = new Command("train", "Learn the dissatisfaction model from labelled history, with a cross-validated report")
        {
            events, output, seed, folds, recall, sustained, cut,
        };
        command.SetAction(parse => Run(
            parse.GetValue(events)!, parse.GetValue(output)!,
            new TrainingOptions
            {
                Seed = parse.GetValue(seed), Folds = parse.GetValue(folds), TargetRecall = parse.GetValue(recall),
                SustainedMessages = parse.GetValue(sustained), DissatisfiedAtOrBelow = parse.GetValue(cut), Source = Path.GetFileName(parse.GetValue(events)!),
            },
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(string eventsPath, string outPath, TrainingOptions options, TextWriter output, TextWriter error)
    {
        if (options.Folds < 2)
            return Fail(error, $"--folds {options.Folds}: need at least 2");
        if (options.TargetRecall is <= 0 or > 1)
            return Fail(error, $"--target-recall {options.TargetRecall}: expected a number in (0, 1]");
        if (options.SustainedMessages is < 1 or > DissatisfactionThresholds.MaxSustainedMessages)
            return Fail(error, $"--sustained-messages {options.SustainedMessages}: expected 1 to {DissatisfactionThresholds.MaxSustainedMessages}");
        if (!EventFile.TryOpen(eventsPath, out var input, out var openError))
            return Fail(error, openError);
        var history = new TrainingHistory(options.DissatisfiedAtOrBelow);
        var file = new EventFile(input, eventsPath, EventLimits.Default);
        using (input)
            foreach (var e in file.Events())
                history.Add(e);
        foreach (var rejection in file.Rejections.Take(3))
            error.WriteLine($"train: line {rejection.Position} rejected and left out: {rejection.Reason}");
        if (!history.HasLabels)
            return Fail(error, $"{eventsPath}: no satisfaction_rated or complaint_filed event, so nothing to learn from; add the outcomes of the interactions (docs/risk-model.md)");
        try
        {
            var (model, report) = ModelTrainer.Train(history.Conversations(), options);
            using (var stream = File.Create(outPath))
                ModelFile.Write(model, stream);
            WriteReport(report, history, options, output);
            if (SustainedMismatch.Warning(options.SustainedMessages, DefaultSettings.Load().Defaults.Dissatisfaction.SustainedMessages) is { } warning)
                error.WriteLine($"train: warning: {warning} (shipped settings)");
            error.WriteLine($"train: model written to {outPath}");
            return 0;
        }
        catch (TrainingException ex)
        {
            return Fail(error, $"{eventsPath}: {ex.Message}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Fail(error, ex.Message);
        }
    }

    private static void WriteReport(TrainingReport report, TrainingHistory history, TrainingOptions options, TextWriter output)
    {
        output.WriteLine($"{options.Folds}-fold cross-validation, seed {options.Seed}, scored as held over {options.SustainedMessages} customer message(s), dissatisfied at or below {options.DissatisfiedAtOrBelow}; {history.Unlabelled} unlabelled interactions left out");
        output.WriteLine("language  conversations  dissatisfied  l2      cues     P@R0.5  R@P0.7  operating point (P / R at target recall " + options.TargetRecall + ")");
        foreach (var l in report.Languages)
            output.WriteLine($"{ModelFile.Name(l.Language),-8}  {l.Conversations,13}  {l.Dissatisfied,12}  {l.L2,-6}  {l.Cues,7}  {l.PrecisionAtRecall50,6:0.000}  {l.RecallAtPrecision70,6:0.000}  {l.OperatingPoint.Precision:0.000} / {l.OperatingPoint.Recall:0.000}");
        foreach (var l in report.Languages)
        {
            output.WriteLine($"{ModelFile.Name(l.Language)} curve (recall → precision):");
            var points = new[] { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9 }
                .Select(r => $"{r:0.0}→{RankingMetrics.PrecisionAtRecall(l.Curve, r):0.00}");
            output.WriteLine("  " + string.Join("  ", points));
        }
        foreach (var skip in report.Skipped)
            output.WriteLine($"not trained: {skip}");
    }

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine($"train: {message}");
        return 2;
    }
}
