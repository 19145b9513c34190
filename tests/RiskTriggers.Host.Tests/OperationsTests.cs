using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RiskTriggers.Host.Simulation;
using RiskTriggers.Host.Tests.Support;
using RiskTriggers.Simulation;

namespace RiskTriggers.Host.Tests;

public sealed partial class OperationsTests
{
    [Test]
    public async Task Health_LiveAndReady_Healthy()
    {
        await using var host = await TestHost.StartAsync();
        using var client = host.Client();

        Assert.That(await client.GetStringAsync("/health/live"), Is.EqualTo("Healthy"));
        Assert.That(await client.GetStringAsync("/health/ready"), Is.EqualTo("Healthy"));
    }

    [Test]
    public async Task Metrics_AfterTraffic_PrometheusTextHasEveryInstrument()
    {
        await using var host = await TestHost.StartAsync();
        var ix = Ev.Ix();
        await host.RaiseAsync(ix, Ev.Frustrated(ix), new { eventId = "bad" }, Ev.Frustrated(ix));
        var e = Ev.Frustrated(Ev.Ix());
        await host.PostEventsAsync(e, e);

        var text = await host.Client().GetStringAsync("/metrics");

        Assert.That(text, Does.Contain("risktriggers_events_accepted_total")
            .And.Contain("risktriggers_events_processed_total")
            .And.Contain("risktriggers_events_rejected_total")
            .And.Contain("risktriggers_events_duplicate_total")
            .And.Contain("risktriggers_signals_total{")
            .And.Contain("kind=\"NegativePhraseSpotted\"")
            .And.Contain("risktriggers_alerts_total{")
            .And.Contain("rule=\"SingleSignal\"")
            .And.Contain("risktriggers_alert_latency_seconds_bucket")
            .And.Contain("risktriggers_alerts_open")
            .And.Contain("risktriggers_interactions_open")
            .And.Contain("risktriggers_deadlines_pending")
            .And.Contain("risktriggers_queue_depth"));
    }

    [Test]
    public async Task Engine_StepFails_CountedAndLaterEventsStillAlert()
    {
        // The engine's partitions read settings once per step: the first step fails, the next runs.
        await using var host = await TestHost.StartAsync(services: s => s.AddSingleton(sp =>
            Rules.DefaultEngine.Create(new FailingOnceSettings(sp.GetRequiredService<Engine.Settings.ISettingsSource>()), null, Rules.Models.ModelChoice.Off)));
        var ix = Ev.Ix();

        var notice = await host.RaiseAsync(ix, Ev.Frustrated(ix), Ev.Frustrated(ix));

        Assert.That(notice.Alert.InteractionId, Is.EqualTo(ix));
        Assert.That(await host.Client().GetStringAsync("/metrics"), Does.Contain("risktriggers_steps_failed_total{otel_scope_name=\"RiskTriggers\"} 1"));
        Assert.That(await host.Client().GetStringAsync("/health/live"), Is.EqualTo("Healthy"));
    }

    [Test]
    public async Task Metrics_SimulatedTraffic_EveryEventCountedAsAcceptedAndProcessed()
    {
        var traffic = new TrafficOptions { Seed = 3, Interactions = 8, Duration = TimeSpan.FromMinutes(2) };
        var expected = new TrafficGenerator(traffic).Generate().Count();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await TestHost.StartAsync(services: s => s
            .AddSingleton<TimeProvider>(clock).AddSingleton(traffic).AddHostedService<SimulationFeeder>());
        using var client = host.Client();

        // serve --simulate plays the traffic on the host's clock: move it on until the engine has had every event.
        var metrics = "";
        for (var step = 0; step < 100 && Counter(metrics, "risktriggers_events_processed_total") < expected; step++)
        {
            clock.Advance(TimeSpan.FromHours(1));
            metrics = await client.GetStringAsync("/metrics");
        }

        Assert.Multiple(() =>
        {
            Assert.That(Counter(metrics, "risktriggers_events_processed_total"), Is.EqualTo(expected));
            Assert.That(Counter(metrics, "risktriggers_events_accepted_total"), Is.EqualTo(expected));
            Assert.That(Counter(metrics, "risktriggers_events_rejected_total"), Is.Zero);
            Assert.That(metrics, Does.Contain("risktriggers_signals_total{"));
        });
    }

    /// <summary>The value of a counter in Prometheus text, 0 if it has not been written yet.</summary>
    private static long Counter(string metrics, string name) =>
        PrometheusSample().Matches(metrics).Where(m => m.Groups["name"].Value == name)
            .Select(m => long.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture)).SingleOrDefault();

    [GeneratedRegex(@"^(?<name>[a-z_]+)(\{[^}]*\})? (?<value>\d+)", RegexOptions.Multiline)]
    private static partial Regex PrometheusSample();

    [Test]
    public void Start_BadConfiguration_RefusesListingEveryFailure()
    {
        var app = TestHost.Build(new()
        {
            ["RiskTriggers:MaxBatchSize"] = "0",
            ["RiskTriggers:QueueCapacity"] = "-1",
            ["RiskTriggers:ApiKeys:5:Key"] = "short",
            ["RiskTriggers:ApiKeys:5:Role"] = "boss",
            ["RiskTriggers:ApiKeys:6:Key"] = "agent-without-id",
            ["RiskTriggers:ApiKeys:6:Role"] = "agent",
        });

        var error = Assert.ThrowsAsync<OptionsValidationException>(async () => await app.StartAsync());

        var all = string.Join("\n", error!.Failures);
        Assert.That(all, Does.Contain("MaxBatchSize")
            .And.Contain("QueueCapacity")
            .And.Contain("ApiKeys:5:Key")
            .And.Contain("'boss' is not a role")
            .And.Contain("ApiKeys:6:AgentId is required"));
    }

    [Test]
    public void Start_BadIntakeSettings_FailsNamingThem()
    {
        var app = TestHost.Build(new() { ["RiskTriggers:Intake:ExcerptLength"] = "1", ["RiskTriggers:Intake:MaxFutureSkew"] = "-00:01:00" });

        var error = Assert.ThrowsAsync<OptionsValidationException>(async () => await app.StartAsync());

        var all = string.Join("\n", error!.Failures);
        Assert.That(all, Does.Contain("ExcerptLength").And.Contain("MaxFutureSkew"));
    }

    [Test]
    public async Task Dashboard_Root_ServesSelfContainedPage()
    {
        await using var host = await TestHost.StartAsync();

        using var response = await host.Client().GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        Assert.That(html, Does.Contain("<script").And.Not.Contain("http://").And.Not.Contain("https://"), "no CDN");
        Assert.That(html, Does.Not.Contain(TestHost.SupervisorKey), "keys are pre-filled in Development only");
    }
}
