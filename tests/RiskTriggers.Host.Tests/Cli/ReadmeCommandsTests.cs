using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using RiskTriggers.Host.Tests.Support;

namespace RiskTriggers.Host.Tests.Cli;

/// <summary>
/// The README's <c>dotnet run --project host -- …</c> commands, taken from its code blocks and run as a reader
/// pastes them: the line as written, through <c>bash -c</c>, from the repository root; then their output is
/// parsed (a replay's stdout is JSON lines, a <c>--format json</c> report one JSON document). Commands that need
/// a running host are listed as ignored, with the reason. <c>dotnet run</c> builds before it runs: the
/// environment names the configuration this test was built in, so that build is already up to date and the test
/// measures the commands rather than a second compile. Files a command writes at the root are removed after it.
/// </summary>
[NonParallelizable]
public sealed partial class ReadmeCommandsTests
{
    private const string Prefix = "dotnet run --project host -- ";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    /// <summary>Why a command cannot run here; null when it can.</summary>
    private static string? NeedsAHost(string command) => Verb(command) switch
    {
        "serve" => "serve runs until stopped (the service itself; ServeCommandTests start it)",
        "settings" => "settings talks to a running host (SettingsCommandTests run it against one)",
        "worker" or "stream-publish" => "needs Redis and a running host",
        _ => null,
    };

    private static IEnumerable<TestCaseData> ReadmeCommands() =>
        Commands().Select(command =>
        {
            var data = new TestCaseData(command).SetArgDisplayNames(command.Length > 90 ? command[..90] + "…" : command);
            return NeedsAHost(command) is { } why ? data.Ignore(why) : data;
        });

    [Test]
    public void Readme_ShowsEveryMachineReadableVerb()
    {
        var commands = Commands();

        Assert.Multiple(() =>
        {
            Assert.That(commands, Has.Some.Matches<string>(c => Stages(c).Count == 1 && Verb(c) == "replay"), "replay FILE");
            Assert.That(commands, Has.Some.Matches<string>(c => Stages(c).Count == 2 && Verb(Stages(c)[0]) == "generate" && Stages(c)[1].Contains(" replay -")), "generate | replay -");
            Assert.That(commands, Has.Some.Matches<string>(c => Verb(c) == "explain" && c.Contains("--format json")), "explain --format json");
            Assert.That(commands, Has.Some.Matches<string>(c => Verb(c) == "backtest" && c.Contains("--format json")), "backtest --format json");
            Assert.That(commands, Has.Some.Matches<string>(c => Verb(c) == "settings" && c.Contains("settings get")), "settings get");
        });
    }

    [TestCaseSource(nameof(ReadmeCommands))]
    public async Task ReadmeCommand_RunAsPasted_ExitsZeroWithParsableOutput(string command)
    {
        var before = Directory.GetFiles(Repository.Root).ToHashSet();
        try
        {
            var (exit, stdout, stderr) = await BashAsync(command);
            var output = RedirectedTo(command) is { } file ? File.ReadAllText(Path.Combine(Repository.Root, file)) : stdout;
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

            Assert.That(exit, Is.Zero, stderr);
            Assert.That(lines, Is.Not.Empty, stderr);
            Assert.That(lines[0], Does.Not.StartWith("Using launch settings"), "dotnet run wrote into the command's output");
            AssertReadable(command, output, lines);
        }
        finally
        {
            foreach (var written in Directory.GetFiles(Repository.Root).Where(f => !before.Contains(f)))
                File.Delete(written);
        }
    }

    /// <summary>What the last command of the line prints, read back as a program would.</summary>
    private static void AssertReadable(string command, string output, string[] lines)
    {
        var verb = Verb(command);
        if (verb is "replay" or "generate")
        {
            var key = verb == "replay" ? "alertId" : "eventId";
            Assert.That(lines.Where(line => !IsObjectWith(line, key)), Is.Empty, $"every line a JSON object with {key}");
        }
        else if (command.Contains("--format json"))
        {
            using var report = JsonDocument.Parse(output);
            Assert.That(report.RootElement.ValueKind, Is.EqualTo(JsonValueKind.Object));
        }
        else if (verb == "train")
        {
            Assert.That(lines[0], Does.Contain("-fold cross-validation"), "the training report");
            Assert.That(Engine.Dissatisfaction.ModelFile.Read(Repository.File("my-model.json")).Languages, Is.Not.Empty, "the model file");
        }
        else if (verb == "backtest")
        {
            Assert.That(lines, Has.Some.Contains(" alerts  per 1k  precision  recall  median lead"), "the score table");
            if (command.Contains("--sweep"))
                Assert.That((lines[^1], File.Exists(Repository.File("sweep.html"))), Is.EqualTo(($"chart: {Repository.File("sweep.html")}", true)));
        }
    }

    /// <summary>Each line of a README code block that runs the host, as written.</summary>
    private static List<string> Commands() =>
        File.ReadLines(Repository.File("README.md")).Select(line => line.Trim()).Where(line => line.StartsWith(Prefix, StringComparison.Ordinal)).ToList();

    private static List<string> Stages(string command) => [.. command.Split(" | ").Select(s => s.Trim())];

    /// <summary>The verb of the last stage: what writes the line's output.</summary>
    private static string Verb(string command)
    {
        var last = Stages(command)[^1];
        var at = last.IndexOf(Prefix, StringComparison.Ordinal);
        return at < 0 ? "" : last[(at + Prefix.Length)..].Split(' ')[0];
    }

    private static string? RedirectedTo(string command) => Redirect().Match(command) is { Success: true } m ? m.Groups[1].Value : null;

    private static bool IsObjectWith(string line, string property)
    {
        try
        {
            using var json = JsonDocument.Parse(line);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty(property, out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> BashAsync(string command)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repository.Root };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        // The reader's shell, not the test runner's: no MSBuild or test-host variables, no environment chosen.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase) || k.EndsWith("_ENVIRONMENT", StringComparison.Ordinal)
                     || k is "DOTNET_HOST_PATH" or "ASPNETCORE_URLS" or "DOTNET_URLS").ToList())
            start.Environment.Remove(name);
        start.Environment["Configuration"] = Configuration;
        using var bash = Process.Start(start)!;
        var stdout = bash.StandardOutput.ReadToEndAsync();
        var stderr = bash.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await bash.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            bash.Kill(entireProcessTree: true);
            Assert.Fail($"'{command}' did not end within {Timeout}");
        }
        return (bash.ExitCode, await stdout, await stderr);
    }

    [GeneratedRegex(@">\s*(\S+)\s*$")]
    private static partial Regex Redirect();
}
