using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RiskTriggers.Engine.State;
using RiskTriggers.Host.Tests.Support;

namespace RiskTriggers.Host.Tests;

public sealed class OperationsTests
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
        await using var host = await TestHost.StartAsync(services: s => s.AddSingleton<IStateStore>(new FailingStore()));
        var ix = Ev.Ix();

        await host.PostEventsAsync(Ev.Frustrated(FailingStore.Poisoned));
        var notice = await host.RaiseAsync(ix, Ev.Frustrated(ix));

        Assert.That(notice.Alert.InteractionId, Is.EqualTo(ix));
        Assert.That(await host.Client().GetStringAsync("/metrics"), Does.Contain("risktriggers_steps_failed_total{otel_scope_name=\"RiskTriggers\"} 1"));
        Assert.That(await host.Client().GetStringAsync("/health/live"), Is.EqualTo("Healthy"));
    }

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
