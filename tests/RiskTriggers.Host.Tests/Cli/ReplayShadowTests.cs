using System.Text.Json;
using RiskTriggers.Host.Tests.Support;

namespace RiskTriggers.Host.Tests.Cli;

/// <summary><c>replay --shadow</c>: a candidate document beside the one in force, on history, as a real process.</summary>
public sealed class ReplayShadowTests
{
    // Three chats whose customer waits for a reply: ix-1 9m40s, ix-2 3m, ix-3 exactly 5m (the reply cancels the
    // 5m deadline). In force (defaults, 5m): ix-1 alerts. Candidate (2m): all three.
    private static readonly string[] History =
    [
        """{"eventId":"e1","type":"interaction_started","occurredAt":"2026-11-24T10:00:00Z","interactionId":"ix-1","customerId":"c1","channel":"chat"}""",
        """{"eventId":"e2","type":"agent_assigned","occurredAt":"2026-11-24T10:00:10Z","interactionId":"ix-1","customerId":"c1","agentId":"a1"}""",
        """{"eventId":"e3","type":"customer_message","occurredAt":"2026-11-24T10:00:20Z","interactionId":"ix-1","customerId":"c1","text":"hello?"}""",
        """{"eventId":"e4","type":"interaction_started","occurredAt":"2026-11-24T10:01:00Z","interactionId":"ix-2","customerId":"c2","channel":"chat"}""",
        """{"eventId":"e5","type":"agent_assigned","occurredAt":"2026-11-24T10:01:10Z","interactionId":"ix-2","customerId":"c2","agentId":"a2"}""",
        """{"eventId":"e6","type":"customer_message","occurredAt":"2026-11-24T10:01:20Z","interactionId":"ix-2","customerId":"c2","text":"a question"}""",
        """{"eventId":"e7","type":"interaction_started","occurredAt":"2026-11-24T10:01:40Z","interactionId":"ix-3","customerId":"c3","channel":"chat"}""",
        """{"eventId":"e8","type":"agent_assigned","occurredAt":"2026-11-24T10:01:50Z","interactionId":"ix-3","customerId":"c3","agentId":"a3"}""",
        """{"eventId":"e9","type":"customer_message","occurredAt":"2026-11-24T10:02:00Z","interactionId":"ix-3","customerId":"c3","text":"where is my refund"}""",
        """{"eventId":"e10","type":"agent_message","occurredAt":"2026-11-24T10:04:20Z","interactionId":"ix-2","customerId":"c2","agentId":"a2","text":"done"}""",
        """{"eventId":"e12","type":"agent_message","occurredAt":"2026-11-24T10:07:00Z","interactionId":"ix-3","customerId":"c3","agentId":"a3","text":"on its way"}""",
        """{"eventId":"e14","type":"agent_message","occurredAt":"2026-11-24T10:10:00Z","interactionId":"ix-1","customerId":"c1","agentId":"a1","text":"sorry"}""",
    ];

    private string _dir = "";

    [SetUp]
    public void CreateDirectory() => _dir = Directory.CreateTempSubdirectory("rt-shadow-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    [Test]
    public async Task ReplayShadow_FasterReplyCandidate_TellsWhatItWouldAdd_AndStdoutKeepsTheAlertsInForce()
    {
        var events = Write("history.jsonl", string.Join("\n", History));
        var candidate = Write("faster.json", """{ "replyOverdue": { "after": "2m" } }""");

        var (exit, output, error) = await HostProcess.RunAsync(null, "replay", events, "--shadow", candidate);

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.Zero, string.Join("\n", error));
            Assert.That(output.Select(line => JsonDocument.Parse(line).RootElement.GetProperty("interactionId").GetString()), Is.EqualTo(new[] { "ix-1" }));
            Assert.That(error, Has.Some.EqualTo($"shadow: {candidate} beside the built-in defaults"));
            Assert.That(error, Has.Some.Contains("2 only the candidate raises, 0 only the one in force, 1 both (0 at another priority)"));
            Assert.That(error.Where(l => l.TrimStart().StartsWith("would add", StringComparison.Ordinal)).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2]),
                Is.EqualTo(new[] { "ix-2", "ix-3" }));
        });
    }

    [Test]
    public async Task ReplayShadow_CandidateMissing_FailsBeforeReplayingWithExit2()
    {
        var events = Write("history.jsonl", string.Join("\n", History));

        var (exit, output, error) = await HostProcess.RunAsync(null, "replay", events, "--shadow", Path.Combine(_dir, "none.json"));

        Assert.That((exit, output.Count, error.FirstOrDefault()), Is.EqualTo((2, 0, $"replay: --shadow file '{Path.Combine(_dir, "none.json")}' not found")));
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
