using System.CommandLine;
using System.Globalization;
using RiskTriggers.Host.Cli;
using RiskTriggers.Host.Tests.Support;

namespace RiskTriggers.Host.Tests.Cli;

/// <summary><c>--settings FILE</c> of the file verbs: a bad document is refused with every problem, in plain words.</summary>
public sealed class SettingsFileTests
{
    private const string Event = """{"eventId":"e1","type":"customer_message","occurredAt":"2026-11-24T10:00:00Z","interactionId":"ix-1","customerId":"c1","text":"hello"}""";

    // Three problems of three kinds; the wrong kinds of values and unknown keys are listed first, then the bad ranges.
    private const string ThreeProblems = """
        { "inquiryRepeated": { "moreThan": "three" },
          "negativePhrase": { "weights": { "churn": -1 } },
          "replyOverdue": { "aftr": "2m" } }
        """;

    private static readonly string[] ThreeErrors =
    [
        "  inquiryRepeated.moreThan: expected a whole number, got \"three\"",
        "  replyOverdue.aftr: unknown key; expected one of after",
        "  negativePhrase.weights.churn: must not be negative, was -1",
    ];

    private string _dir = "";

    [SetUp]
    public void CreateDirectory()
    {
        _dir = Directory.CreateTempSubdirectory("rt-settings-file-").FullName;
        File.WriteAllText(Path.Combine(_dir, "events.jsonl"), Event + "\n");
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    [Test]
    public async Task Replay_SettingsWithThreeProblems_ListsEachInPlainWordsAndExits2()
    {
        var settings = Write("bad.json", ThreeProblems);

        var (exit, output, error) = await HostProcess.RunAsync(null, "replay", Path.Combine(_dir, "events.jsonl"), "--settings", settings);

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(2));
            Assert.That(output, Is.Empty);
            Assert.That(error, Is.EqualTo((string[])[$"replay: settings file '{settings}' is invalid (3 problems):", .. ThreeErrors]));
        });
    }

    [Test]
    public async Task Backtest_SettingsNotJson_GivesLineAndColumn()
    {
        var settings = Write("comma.json", "{\n  \"replyOverdue\": { \"after\": \"2m\", }\n}\n");

        var (exit, error) = await RunAsync("backtest", "--events", Path.Combine(_dir, "events.jsonl"), "--settings", settings);

        Assert.That(exit, Is.Not.Zero);
        Assert.That(error, Does.Contain($"settings file '{settings}' is invalid (1 problem):\n" +
            "  $: not valid JSON at line 2, column 36: a comma before the closing } or ] has nothing after it"));
    }

    [Test]
    public async Task Backtest_SettingsWithThreeProblems_ListsEach()
    {
        var settings = Write("bad.json", ThreeProblems);

        var (exit, error) = await RunAsync("backtest", "--events", Path.Combine(_dir, "events.jsonl"), "--settings", settings);

        Assert.That(exit, Is.Not.Zero);
        Assert.That(error, Does.Contain(string.Join("\n", ThreeErrors)));
    }

    [Test]
    public async Task Backtest_SustainedMessagesOtherThanTheModels_WarnsAndStillRuns()
    {
        var settings = Write("three.json", """{ "dissatisfaction": { "sustainedMessages": 3 } }""");
        var same = Write("two.json", """{ "dissatisfaction": { "sustainedMessages": 2 } }""");

        var (exit, error) = await RunAsync("backtest", "--events", Path.Combine(_dir, "events.jsonl"), "--settings", settings);
        var (_, quiet) = await RunAsync("backtest", "--events", Path.Combine(_dir, "events.jsonl"), "--settings", same);

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.Zero);
            Assert.That(error, Does.Contain("backtest: warning: the model's operating point was chosen firing after 2 customer message(s) in a row, but dissatisfaction.sustainedMessages is 3"));
            Assert.That(quiet, Does.Not.Contain("warning"));
        });
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static async Task<(int Exit, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        var exit = await CommandLine.Build().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exit, error.ToString().ReplaceLineEndings("\n"));
    }
}
