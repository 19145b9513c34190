using System.CommandLine;
using System.Reactive.Concurrency;
using RiskTriggers.Host.Cli;

namespace RiskTriggers.Host.Tests.Settings;

/// <summary>The <c>settings</c> verbs against a running settings API on a loopback port.</summary>
public sealed class SettingsCommandTests
{
    private SettingsTestApp _app = null!;
    private string _dir = "";

    [SetUp]
    public async Task Start()
    {
        _app = await SettingsTestApp.StartAsync(new HistoricalScheduler(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero)));
        _dir = Directory.CreateTempSubdirectory("rt-settings-").FullName;
    }

    [TearDown]
    public async Task Stop()
    {
        await _app.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Test]
    public async Task Set_ValidFile_SavesTheNextVersionAndPrintsTheDiff()
    {
        var file = Write("s.json", """{ "replyOverdue": { "after": "2m" } }""");

        var (code, output, _) = await RunAsync("settings", "set", file, "--comment", "faster");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero);
            Assert.That(output, Does.StartWith("saved v1 by admin-key-owner at ").And.Contains(": faster"));
            Assert.That(output, Does.Contain("replyOverdue.after: \"5m\" -> \"2m\""));
        });
    }

    [Test]
    public async Task Set_InvalidFile_PrintsEachFieldErrorOnItsOwnLineAndExits1()
    {
        var file = Write("bad.json", """{ "replyOverdue": { "after": "soon" }, "inquiryRepeated": { "moreThan": 0 } }""");

        var (code, _, error) = await RunAsync("settings", "set", file);

        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(lines[0], Is.EqualTo("settings: 400 Invalid settings"));
            Assert.That(lines.Skip(1), Has.Some.StartsWith("replyOverdue.after:"));
        });
    }

    [Test]
    public async Task Set_FileWithSeveralProblems_PrintsEveryOneInPlainWords()
    {
        var file = Write("bad.json", """{ "inquiryRepeated": { "moreThan": "three" }, "negativePhrase": { "weights": { "churn": -1 } } }""");

        var (code, _, error) = await RunAsync("settings", "set", file);

        Assert.That((code, error.ReplaceLineEndings("\n")), Is.EqualTo((1,
            "settings: 400 Invalid settings\n" +
            "  inquiryRepeated.moreThan: expected a whole number, got \"three\"\n" +
            "  negativePhrase.weights.churn: must not be negative, was -1\n")));
    }

    [Test]
    public async Task Get_PrintsTheDocumentInForce_SoItRoundTripsThroughAFile()
    {
        await RunAsync("settings", "set", Write("s.json", """{ "replyOverdue": { "after": "2m" } }"""));

        var (code, output, error) = await RunAsync("settings", "get");
        var (again, _, _) = await RunAsync("settings", "set", Write("copy.json", output));

        Assert.Multiple(() =>
        {
            Assert.That((code, again), Is.EqualTo((0, 0)));
            Assert.That(output, Does.Contain("\"after\": \"2m\""));
            Assert.That(error, Does.StartWith("v1 by "));
        });
    }

    [Test]
    public async Task Get_NothingSavedYet_SaysBuiltInDefaultsWithoutAnAuthorOrA1970Date()
    {
        var (code, _, error) = await RunAsync("settings", "get");

        Assert.That((code, error.Trim()), Is.EqualTo((0, "v0: built-in defaults")));
    }

    [Test]
    public async Task Get_PrintsTheEffectiveDocumentWithEveryDefaultInTheDocumentsSpelling()
    {
        await RunAsync("settings", "set", Write("s.json", """{ "replyOverdue": { "after": "2m" } }"""));

        var (code, output, _) = await RunAsync("settings", "get");

        var document = System.Text.Json.Nodes.JsonNode.Parse(output)!;
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero);
            Assert.That((string?)document["replyOverdue"]!["after"], Is.EqualTo("2m"));
            // Defaults the saved document left out, camelCase as in the docs.
            Assert.That((int?)document["inquiryRepeated"]!["moreThan"], Is.EqualTo(3));
            Assert.That((string?)document["alerts"]!["cooldown"], Is.EqualTo("30m"));
            Assert.That((string?)document["overrides"]!["channel"]!["email"]!["replyOverdue"]!["after"], Is.Not.Null);
        });
    }

    [Test]
    public async Task Set_WhatGetPrinted_SaysUnchangedWithTheVersionAndMakesNoVersion()
    {
        await RunAsync("settings", "set", Write("s.json", """{ "replyOverdue": { "after": "2m" } }"""));
        var (_, document, _) = await RunAsync("settings", "get");

        var (code, output, _) = await RunAsync("settings", "set", Write("copy.json", document));
        var (_, history, _) = await RunAsync("settings", "history");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero);
            Assert.That(output, Does.StartWith("unchanged, version 1"));
            Assert.That(history.Split('\n').Where(l => l.StartsWith('v')).Select(l => l.Split(' ')[0]), Is.EqualTo(new[] { "v1" }));
        });
    }

    [Test]
    public async Task Shadow_StartReportStop_RunsTheCandidateOnTheHostAndReportsItAsJson()
    {
        var candidate = Write("candidate.json", """{ "replyOverdue": { "after": "2m" } }""");

        var (startCode, started, _) = await RunAsync("settings", "shadow", "start", candidate);
        var (reportCode, report, digest) = await RunAsync("settings", "shadow", "report");
        var (stopCode, stopped, _) = await RunAsync("settings", "shadow", "stop");
        var (afterCode, _, after) = await RunAsync("settings", "shadow", "report");

        Assert.Multiple(() =>
        {
            Assert.That((startCode, reportCode, stopCode, afterCode), Is.EqualTo((0, 0, 0, 1)));
            Assert.That(started, Does.StartWith("shadow started: unsaved document (settings version 0) at "));
            Assert.That((string?)System.Text.Json.Nodes.JsonNode.Parse(report)!["status"]!["candidate"], Is.EqualTo("unsaved document"));
            Assert.That(digest, Does.StartWith("shadow unsaved document: 0 events; live 0 alerts, candidate 0; 0 only the candidate raises"));
            Assert.That(stopped.Trim(), Is.EqualTo("shadow stopped"));
            Assert.That(after, Does.StartWith("settings: 404 No shadow running"));
        });
    }

    [Test]
    public async Task ShadowStart_NeitherFileNorVersion_SaysWhatItTakesAndExits2()
    {
        var (code, _, error) = await RunAsync("settings", "shadow", "start");

        Assert.That((code, error.Trim()), Is.EqualTo((2, "settings: shadow start takes a candidate file or --version N, one of them")));
    }

    [Test]
    public async Task Get_StoredVersion_PrintsThatVersionsDocument()
    {
        await RunAsync("settings", "set", Write("a.json", """{ "replyOverdue": { "after": "2m" } }"""));
        await RunAsync("settings", "set", Write("b.json", """{ "replyOverdue": { "after": "3m" } }"""));

        var (code, output, _) = await RunAsync("settings", "get", "--version", "1");

        Assert.That((code, output.Contains("\"2m\"")), Is.EqualTo((0, true)), output);
    }

    [Test]
    public async Task History_AndRollback_ListVersionsAndRestoreAnEarlierOne()
    {
        await RunAsync("settings", "set", Write("a.json", """{ "replyOverdue": { "after": "2m" } }"""), "--comment", "one");
        await RunAsync("settings", "set", Write("b.json", """{ "replyOverdue": { "after": "3m" } }"""), "--comment", "two");

        var (rollbackCode, rollbackOutput, _) = await RunAsync("settings", "rollback", "1", "--comment", "noisy");
        var (historyCode, history, _) = await RunAsync("settings", "history");

        Assert.Multiple(() =>
        {
            Assert.That((rollbackCode, historyCode), Is.EqualTo((0, 0)));
            Assert.That(rollbackOutput, Does.StartWith("saved v3 ").And.Contains("rollback to v1: noisy"));
            Assert.That(history.Split('\n').Where(l => l.StartsWith('v')).Select(l => l.Split(' ')[0]), Is.EqualTo(new[] { "v3", "v2", "v1" }));
        });
    }

    [Test]
    public async Task Rollback_UnknownVersion_SaysSoAndExits1()
    {
        var (code, _, error) = await RunAsync("settings", "rollback", "7");

        Assert.That((code, error.ReplaceLineEndings("\n")), Is.EqualTo((1, "settings: 404 No such settings version\n  settings version 7 does not exist\n")));
    }

    [Test]
    public async Task Get_WrongKey_ExplainsHowToPassOne()
    {
        var (code, _, error) = await RunAsync("settings", "get", "--key", "nope");

        Assert.That((code, error.Contains("401") && error.Contains("--key")), Is.EqualTo((1, true)), error);
    }

    [Test]
    public async Task Get_NoHostListening_Exits2()
    {
        var (code, _, error) = await RunAsync("settings", "get", "--url", "http://127.0.0.1:1");

        Assert.That((code, error.Contains("cannot reach")), Is.EqualTo((2, true)), error);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var withHost = args.Contains("--url") ? args : [.. args, "--url", _app.BaseUrl];
        if (!withHost.Contains("--key"))
            withHost = [.. withHost, "--key", SettingsTestApp.AdminKey];
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CommandLine.Build().Parse(withHost).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
