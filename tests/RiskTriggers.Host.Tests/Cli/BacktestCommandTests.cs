using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using RiskTriggers.Host.Cli;

namespace RiskTriggers.Host.Tests.Cli;

/// <summary>The backtest and explain verbs, run in-process on small hand-made histories.</summary>
public sealed class BacktestCommandTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private string _dir = "";

    // Three chats; each customer message waits for its reply (the deadline fires 1 ms after message + after):
    //   ix-1 (c1) waits 9m40s, c1 complains at 2h   → alerted at after = 2m, 4m, 5m, 6m
    //   ix-2 (c2) waits 3m, no complaint            → alerted at after = 2m only
    //   ix-3 (c3) waits exactly 5m, c3 complains 1h → alerted at after = 2m, 4m (5m: the reply cancels the deadline)
    // after=2m: 3 alerts (ix-1, ix-2, ix-3), followed: ix-1, ix-3 → precision 2/3; complaints c1, c3 both preceded → recall 1
    // after=4m: 2 alerts → precision 1, recall 1
    // after=5m (defaults): 1 alert (ix-1) → precision 1, recall 1/2; lead 2h − (20s + 5m + 1ms) = 1h54m39.999s
    // after=6m: 1 alert → precision 1, recall 0.5
    // Interactions 3 → alerts per 1k = alerts × 1000 / 3.
    private static readonly string[] History =
    [
        Line("e1", "interaction_started", 0, "ix-1", "c1", """ "channel":"chat" """),
        Line("e2", "agent_assigned", 10, "ix-1", "c1", """ "agentId":"a1" """),
        Line("e3", "customer_message", 20, "ix-1", "c1", """ "text":"hello?" """),
        Line("e4", "interaction_started", 60, "ix-2", "c2", """ "channel":"chat" """),
        Line("e5", "agent_assigned", 70, "ix-2", "c2", """ "agentId":"a2" """),
        Line("e6", "customer_message", 80, "ix-2", "c2", """ "text":"a question" """),
        Line("e7", "interaction_started", 100, "ix-3", "c3", """ "channel":"chat" """),
        Line("e8", "agent_assigned", 110, "ix-3", "c3", """ "agentId":"a3" """),
        Line("e9", "customer_message", 120, "ix-3", "c3", """ "text":"where is my refund" """),
        Line("e10", "agent_message", 260, "ix-2", "c2", """ "agentId":"a2","text":"done" """),
        Line("e11", "interaction_closed", 300, "ix-2", "c2"),
        Line("e12", "agent_message", 420, "ix-3", "c3", """ "agentId":"a3","text":"on its way" """),
        Line("e13", "interaction_closed", 450, "ix-3", "c3"),
        Line("e14", "agent_message", 600, "ix-1", "c1", """ "agentId":"a1","text":"sorry" """),
        Line("e15", "interaction_closed", 660, "ix-1", "c1"),
        Line("e16", "complaint_filed", 3600 + 120, "ix-3", "c3", """ "text":"complaint" """),
        Line("e17", "complaint_filed", 7200, "ix-1", "c1", """ "text":"complaint" """),
    ];

    [SetUp]
    public void CreateDirectory()
    {
        _dir = Path.Combine(Path.GetTempPath(), "rt-backtest-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        File.WriteAllLines(Events, History);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    private string Events => Path.Combine(_dir, "history.jsonl");

    [Test]
    public async Task Backtest_Defaults_TableHasHandComputedScores()
    {
        var (exit, output, error) = await RunAsync("backtest", "--events", Events);

        Assert.That(exit, Is.EqualTo(0), error);
        Assert.That(output, Does.Contain("17 events, 3 interactions, 2 complaints (dissatisfied ratings included); horizon 1d"));
        // alerts, per 1k, precision, recall, median lead
        Assert.That(Row(output, "(all)"), Is.EqualTo(new[] { "(all)", "defaults", "1", "333.3", "1.00", "0.50", "1h54m39s" }));
        Assert.That(Row(output, "SingleSignal"), Is.EqualTo(new[] { "SingleSignal", "defaults", "1", "333.3", "1.00", "0.50", "1h54m39s" }));
    }

    [Test]
    public async Task Backtest_TwoSettingsAsJson_OneRunPerDocumentWithItsScores()
    {
        var fast = WriteSettings("fast.json", """{ "replyOverdue": { "after": "2m" } }""");
        var slow = WriteSettings("slow.json", """{ "replyOverdue": { "after": "6m" } }""");
        var report = Path.Combine(_dir, "report.json");

        var (exit, output, error) = await RunAsync("backtest", "--events", Events, "--settings", fast, "--settings", slow, "--format", "json", "--json", report);

        Assert.That(exit, Is.EqualTo(0), error);
        using var json = JsonDocument.Parse(output);
        var runs = json.RootElement.GetProperty("runs");
        Assert.Multiple(() =>
        {
            Assert.That(json.RootElement.GetProperty("interactions").GetInt32(), Is.EqualTo(3));
            Assert.That(runs.EnumerateArray().Select(r => r.GetProperty("label").GetString()), Is.EqualTo(new[] { "fast.json", "slow.json" }));
            Assert.That(Overall(runs[0], "alerts").GetInt32(), Is.EqualTo(3));
            Assert.That(Overall(runs[0], "precision").GetDouble(), Is.EqualTo(2.0 / 3).Within(1e-9));
            Assert.That(Overall(runs[0], "recall").GetDouble(), Is.EqualTo(1.0));
            Assert.That(Overall(runs[1], "alerts").GetInt32(), Is.EqualTo(1));
            Assert.That(Overall(runs[1], "recall").GetDouble(), Is.EqualTo(0.5));
            Assert.That(File.ReadAllText(report), Is.EqualTo(output.TrimEnd()));
        });
    }

    [Test]
    public async Task Backtest_NoComplaints_RecallIsNotApplicable()
    {
        File.WriteAllLines(Events, History.Where(l => !l.Contains("complaint_filed", StringComparison.Ordinal)));

        var (exit, output, _) = await RunAsync("backtest", "--events", Events, "--format", "json");

        using var json = JsonDocument.Parse(output);
        var overall = json.RootElement.GetProperty("runs")[0].GetProperty("overall");
        Assert.That(exit, Is.EqualTo(0));
        Assert.That(overall.GetProperty("recall").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(overall.GetProperty("precision").GetDouble(), Is.EqualTo(0.0));
    }

    [Test]
    public async Task Sweep_ReplyOverdueAfter_ThreeRowsAscendingAndAChart()
    {
        var chart = Path.Combine(_dir, "sweep.html");

        var (exit, output, error) = await RunAsync("backtest", "--events", Events, "--sweep", "replyOverdue.after=2m..6m:2m", "--chart", chart);

        Assert.That(exit, Is.EqualTo(0), error);
        var rows = output.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && char.IsDigit(l[0])).ToList();
        Assert.That(rows.Select(r => r.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..5]), Is.EqualTo(new[]
        {
            new[] { "2m", "3", "1000.0", "0.67", "1.00" },
            new[] { "4m", "2", "666.7", "1.00", "1.00" },
            new[] { "6m", "1", "333.3", "1.00", "0.50" },
        }));
        Assert.That(output, Does.Contain($"chart: {chart}"));
        var html = File.ReadAllText(chart);
        Assert.That(html, Does.Contain("<svg").And.Contain("<title>").And.Not.Contain("<script"));
        // The defaults' 5m lies between the swept 4m and 6m: marked by the dashed line, named in the note.
        Assert.That(html, Does.Contain("""<line class="in-force" data-value="5m" """).And.Contain("The value in force, 5m, lies between two swept values"));
    }

    [Test]
    public async Task Sweep_WithoutChartOption_WritesSweepHtmlNextToTheJsonReport()
    {
        var report = Path.Combine(_dir, "out", "report.json");
        Directory.CreateDirectory(Path.GetDirectoryName(report)!);

        var (exit, _, error) = await RunAsync("backtest", "--events", Events, "--sweep", "inquiryRepeated.moreThan=2,3", "--json", report);

        Assert.That(exit, Is.EqualTo(0), error);
        Assert.That(File.Exists(Path.Combine(_dir, "out", "sweep.html")), Is.True);
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        Assert.That(json.RootElement.GetProperty("sweep").GetProperty("inForce").GetString(), Is.EqualTo("3"), "the defaults' inquiryRepeated.moreThan");
    }

    [Test]
    public async Task Sweep_UnknownPath_ClearErrorAndExitCode2()
    {
        var (exit, output, error) = await RunAsync("backtest", "--events", Events, "--sweep", "replyOverdue.aftr=2m..6m:2m");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("replyOverdue.aftr: unknown path in the settings document"));
        Assert.That(output, Is.Empty);
    }

    [Test]
    public async Task Sweep_MalformedRange_ClearErrorAndExitCode2()
    {
        var (exit, _, error) = await RunAsync("backtest", "--events", Events, "--sweep", "replyOverdue.after=6m..2m:2m");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("runs backwards"));
    }

    [Test]
    public async Task Backtest_MissingFile_ClearErrorAndExitCode2()
    {
        var (exit, _, error) = await RunAsync("backtest", "--events", Path.Combine(_dir, "nope.jsonl"));

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("not found"));
    }

    [Test]
    public async Task Explain_AlertedInteraction_PrintsEventsSignalAndAlertInTimeOrder()
    {
        var (exit, output, error) = await RunAsync("explain", "--events", Events, "--interaction", "ix-1");

        Assert.That(exit, Is.EqualTo(0), error);
        var message = output.IndexOf("customer_message", StringComparison.Ordinal);
        var signal = output.IndexOf("signal  ReplyOverdue", StringComparison.Ordinal);
        var alert = output.IndexOf("ALERT   SingleSignal", StringComparison.Ordinal);
        var reply = output.IndexOf("agent_message", StringComparison.Ordinal);
        Assert.That(new[] { message, signal, alert, reply }, Is.Ordered.And.All.GreaterThanOrEqualTo(0));
        Assert.That(output, Does.Contain("measured waited 5m; threshold: no agent reply within 5m").And.Contain("P3 → agent").And.Contain("action: "));
        Assert.That(output, Does.Not.Contain("ix-2"));
    }

    [Test]
    public async Task Explain_SignalDuringCooldown_SaysWhyNoAlert()
    {
        File.WriteAllLines(Events,
        [
            Line("x1", "interaction_started", 0, "ix-9", "c9", """ "channel":"chat" """),
            Line("x2", "agent_assigned", 5, "ix-9", "c9", """ "agentId":"a9" """),
            Line("x3", "customer_message", 10, "ix-9", "c9", """ "text":"this is ridiculous, cancel my account" """),
            Line("x4", "agent_message", 20, "ix-9", "c9", """ "agentId":"a9","text":"sorry" """),
            Line("x5", "customer_message", 60, "ix-9", "c9", """ "text":"still ridiculous, cancel my account" """),
            Line("x6", "agent_message", 70, "ix-9", "c9", """ "agentId":"a9","text":"sorry again" """),
        ]);

        var (exit, output, error) = await RunAsync("explain", "--events", Events, "--interaction", "ix-9", "--format", "json");

        Assert.That(exit, Is.EqualTo(0), error);
        using var json = JsonDocument.Parse(output);
        var signals = json.RootElement.GetProperty("signals").EnumerateArray().ToList();
        Assert.That(signals.Select(s => s.GetProperty("kind").GetString()), Is.EqualTo(new[] { "NegativePhraseSpotted", "NegativePhraseSpotted" }));
        Assert.That(signals[0].GetProperty("alertId").GetString(), Does.StartWith("al-"));
        var firstAlert = signals[0].GetProperty("alertId").GetString()!;
        // The first alert (at 10s) started SingleSignal's 30m cooldown: the engine names the rule, the end and the alert.
        Assert.That(signals[1].GetProperty("hint").GetString(),
            Does.Contain("held back by SingleSignal's cooldown until 2026-11-24 10:30:10").And.Contain(firstAlert));
        Assert.That(json.RootElement.GetProperty("alerts").GetArrayLength(), Is.EqualTo(1));
    }

    [Test]
    public async Task Explain_UnknownInteraction_ExitCode1()
    {
        var (exit, _, error) = await RunAsync("explain", "--events", Events, "--interaction", "ix-404");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error, Does.Contain("interaction 'ix-404' not found"));
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        var exit = await CommandLine.Build().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    private string WriteSettings(string name, string json)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, json);
        return path;
    }

    private static string[] Row(string table, string rule) =>
        table.Split('\n').Single(l => l.StartsWith(rule + " ", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static JsonElement Overall(JsonElement run, string metric) => run.GetProperty("overall").GetProperty(metric);

    private static string Line(string id, string type, int seconds, string ix, string customer, string extra = "") =>
        $$"""{"eventId":"{{id}}","type":"{{type}}","occurredAt":"{{(T0 + TimeSpan.FromSeconds(seconds)).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}}","interactionId":"{{ix}}","customerId":"{{customer}}"{{(extra.Trim().Length > 0 ? "," + extra.Trim() : "")}}}""";
}
