using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using RiskTriggers.Engine.Dissatisfaction;
using RiskTriggers.Host.Cli;

namespace RiskTriggers.Host.Tests.Cli;

/// <summary>The train verb, in-process, on a small rated history written as events.</summary>
public sealed class TrainCommandTests
{
    private string _dir = "";

    [SetUp]
    public void CreateDirectory()
    {
        _dir = Path.Combine(Path.GetTempPath(), "rt-train-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_dir, recursive: true);

    [Test]
    public async Task Train_RatedHistory_WritesAModelReplayCanUse()
    {
        var events = Write("rated.jsonl", RatedHistory(90));
        var model = Path.Combine(_dir, "model.json");

        var (exit, output, error) = await RunAsync("train", "--events", events, "--out", model, "--folds", "3");

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(0), error);
            Assert.That(output, Does.Contain("3-fold cross-validation, seed 7").And.Match(@"zh\s+\d+\s+\d+"));
            Assert.That(ModelFile.Read(model).Provenance.Source, Is.EqualTo("rated.jsonl"));
            Assert.That(error, Does.Contain($"model written to {model}"));
        });
    }

    [Test]
    public async Task Train_SustainedMessagesOtherThanTheSettings_WarnsButWrites()
    {
        var events = Write("rated.jsonl", RatedHistory(90));
        var model = Path.Combine(_dir, "model.json");

        var (exit, _, error) = await RunAsync("train", "--events", events, "--out", model, "--folds", "3", "--sustained-messages", "1");

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(0), error);
            Assert.That(error, Does.Contain("warning: the model's operating point was chosen firing after 1 customer message(s) in a row, but dissatisfaction.sustainedMessages is 2"));
            Assert.That(ModelFile.Read(model).Provenance.SustainedMessages, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Train_AsTheSettingsFire_NoWarning()
    {
        var (_, _, error) = await RunAsync("train", "--events", Write("rated.jsonl", RatedHistory(90)), "--out", Path.Combine(_dir, "m.json"), "--folds", "3");

        Assert.That(error, Does.Not.Contain("warning"));
    }

    [Test]
    public async Task Train_HistoryWithoutOutcomes_FailsSayingWhatToAdd()
    {
        var events = Write("plain.jsonl", RatedHistory(10).Where(l => !l.Contains("satisfaction_rated")));

        var (exit, _, error) = await RunAsync("train", "--events", events, "--out", Path.Combine(_dir, "m.json"));

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(2));
            Assert.That(error, Does.Contain("no satisfaction_rated or complaint_filed event"));
            Assert.That(File.Exists(Path.Combine(_dir, "m.json")), Is.False);
        });
    }

    [Test]
    public async Task Replay_BadModelFile_OneLineAndExit2()
    {
        var bad = Write("bad-model.json", ["{ \"format\": \"nope\" }"]);

        var (exit, _, error) = await RunAsync("backtest", "--events", Write("e.jsonl", RatedHistory(3)), "--model", bad);

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(2));
            Assert.That(error.Trim(), Does.StartWith("backtest: model ").And.Contain("format: expected"));
        });
    }

    private static IEnumerable<string> RatedHistory(int interactions)
    {
        var t0 = new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < interactions; i++)
        {
            var angry = i % 3 == 0;
            var at = t0.AddMinutes(10 * i);
            string Line(string id, string type, int seconds, string extra) => JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["eventId"] = $"{id}-{i}", ["type"] = type, ["occurredAt"] = at.AddSeconds(seconds).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                ["interactionId"] = $"ix-{i}", ["customerId"] = $"c-{i}", ["agentId"] = "a1",
            }).TrimEnd('}') + extra + "}";
            yield return Line("m1", "customer_message", 0, ""","text":"我的快递一直没到" """);
            yield return Line("m2", "customer_message", 60, angry ? ""","text":"你们到底怎么回事？" """ : ""","text":"好的谢谢" """);
            yield return Line("r", "satisfaction_rated", 600, angry ? ""","score":-1.5""" : ""","score":1""");
        }
    }

    private string Write(string name, IEnumerable<string> lines)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        var exit = await CommandLine.Build().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}
