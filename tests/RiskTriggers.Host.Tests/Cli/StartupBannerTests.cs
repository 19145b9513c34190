using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using RiskTriggers.Host.Hosting;
using RiskTriggers.Host.Security;
using RiskTriggers.Host.Tests.Support;

namespace RiskTriggers.Host.Tests.Cli;

/// <summary>What <c>serve</c> tells a newcomer about the API keys.</summary>
public sealed class StartupBannerTests
{
    [Test]
    public void WriteKeys_EachKey_HasItsRoleWhatItIsForAndACallThatUsesIt()
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        ApiKeyOptions[] keys =
        [
            new() { Key = "dev-ingest", Role = Roles.Ingest },
            new() { Key = "dev-agent-01", Role = Roles.Agent, AgentId = "agent-01" },
            new() { Key = "dev-agent-02", Role = Roles.Agent, AgentId = "agent-02" },
            new() { Key = "dev-supervisor", Role = Roles.Supervisor },
            new() { Key = "dev-admin", Role = Roles.Admin },
        ];

        StartupBanner.WriteKeys(output, keys, "http://127.0.0.1:5080");

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.Length.EqualTo(1 + 2 * keys.Length));
            Assert.That(Line(lines, "dev-ingest"), Does.Contain("POST /v1/events"));
            Assert.That(Line(lines, "dev-agent-01"), Does.Contain("agent agent-01's alerts only"));
            Assert.That(Line(lines, "dev-agent-02"), Does.Contain("agent agent-02's alerts only"));
            Assert.That(Line(lines, "dev-supervisor"), Does.Contain("the dashboard at /"));
            Assert.That(Line(lines, "dev-admin"), Does.Contain("/v1/settings"));
            Assert.That(lines, Has.Some.EqualTo("                               try: curl -H 'X-Api-Key: dev-supervisor' http://127.0.0.1:5080/v1/alerts"));
            Assert.That(lines, Has.Some.Contains("try: dotnet run --project host -- settings get --url http://127.0.0.1:5080 --key dev-admin"));
        });
    }

    [Test]
    public async Task IngestTry_PastedIntoBash_PostsAnEventThatOccurredNow()
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        StartupBanner.WriteKeys(output, [new() { Key = "dev-ingest", Role = Roles.Ingest }], "http://127.0.0.1:5080");
        var command = output.ToString().Split(Environment.NewLine).Single(l => l.Contains("try: curl")).Split("try: ")[1];

        // A curl of our own prints the body it was given (its last argument) instead of sending it.
        var body = await BashAsync("curl() { printf '%s' \"${@: -1}\"; }; " + command);
        var occurredAt = JsonDocument.Parse(body).RootElement.GetProperty("occurredAt").GetDateTimeOffset();

        Assert.That(DateTimeOffset.UtcNow - occurredAt, Is.InRange(TimeSpan.Zero, TimeSpan.FromMinutes(1)));
    }

    [Test]
    public void Readme_PostsTheBannersEvent()
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));

        Assert.That(readme, Does.Contain($"-d '{StartupBanner.SampleEvent}'"));
    }

    private static async Task<string> BashAsync(string command)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var bash = Process.Start(start)!;
        var stdout = await bash.StandardOutput.ReadToEndAsync();
        await bash.WaitForExitAsync();
        Assert.That(bash.ExitCode, Is.Zero, command);
        return stdout;
    }

    private static string Line(string[] lines, string key) => lines.Single(l => l.Contains($" {key} ", StringComparison.Ordinal) && !l.Contains("try:"));
}
