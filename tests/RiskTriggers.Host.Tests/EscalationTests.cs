using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RiskTriggers.Engine.Alerts;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Engine.State.Memory;
using RiskTriggers.Host.Alerts;
using RiskTriggers.Host.Delivery;
using RiskTriggers.Host.Hosting;
using RiskTriggers.Host.Operations;
using RiskTriggers.Host.Tests.Support;

namespace RiskTriggers.Host.Tests;

/// <summary>Ack timeouts on a fake clock: nothing sleeps, time moves only when the test says so.</summary>
public sealed class EscalationTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private FakeTimeProvider _time = null!;
    private AlertLifecycle _lifecycle = null!;
    private ServiceProvider _services = null!;

    [SetUp]
    public void CreateLifecycle()
    {
        _time = new FakeTimeProvider(T0);
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new RiskMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        var options = Options.Create(new RiskTriggersOptions());
        var feed = new AlertFeed(options, metrics, NullLogger<AlertFeed>.Instance);
        var settings = new FixedSettings(RiskSettings.Parse("""{ "overrides": { "channel": { "email": { "alerts": { "ackTimeout": "2h" } } } } }"""));
        _lifecycle = new AlertLifecycle(new InMemoryAlertBook(100), feed, settings, new InMemoryStateStore(), _time, metrics, NullLogger<AlertLifecycle>.Instance);
    }

    [TearDown]
    public void Dispose() => _services.Dispose();

    [Test]
    public async Task EscalateDue_BeforeAckTimeout_NothingEscalates()
    {
        await _lifecycle.RaiseAsync(AgentAlert("al-1"));

        _time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));

        Assert.That(await _lifecycle.EscalateDueAsync(), Is.Empty);
    }

    [Test]
    public async Task EscalateDue_AckTimeoutPassed_EscalatesOnceToSupervisorOneLevelMoreUrgent()
    {
        await _lifecycle.RaiseAsync(AgentAlert("al-1"));
        _time.Advance(TimeSpan.FromMinutes(5));

        var escalated = await _lifecycle.EscalateDueAsync();
        _time.Advance(TimeSpan.FromHours(1));
        var again = await _lifecycle.EscalateDueAsync();

        var record = escalated.Single();
        Assert.Multiple(() =>
        {
            Assert.That(record.Priority, Is.EqualTo(Priority.P2));
            Assert.That(record.Audience, Is.EqualTo(Audience.Supervisor));
            Assert.That(record.Status, Is.EqualTo(AlertStatus.Open));
            Assert.That(record.History.Last().Action, Is.EqualTo("escalated"));
            Assert.That(record.History.Last().At, Is.EqualTo(T0 + TimeSpan.FromMinutes(5)));
            Assert.That(again, Is.Empty, "escalates only once");
        });
    }

    [Test]
    public async Task EscalateDue_AcknowledgedInTime_NotEscalated()
    {
        await _lifecycle.RaiseAsync(AgentAlert("al-1"));
        _time.Advance(TimeSpan.FromMinutes(4));
        await _lifecycle.AcknowledgeAsync("al-1", "agent-01");
        _time.Advance(TimeSpan.FromMinutes(10));

        Assert.That(await _lifecycle.EscalateDueAsync(), Is.Empty);
    }

    [Test]
    public async Task EscalateDue_ChannelOverride_UsesThatAckTimeout()
    {
        await _lifecycle.RaiseAsync(AgentAlert("al-mail", channel: "email"));

        _time.Advance(TimeSpan.FromMinutes(30));
        var early = await _lifecycle.EscalateDueAsync();
        _time.Advance(TimeSpan.FromHours(2));
        var late = await _lifecycle.EscalateDueAsync();

        Assert.That(early, Is.Empty);
        Assert.That(late.Select(r => r.AlertId), Is.EqualTo(new[] { "al-mail" }));
    }

    [Test]
    public async Task EscalateDue_P1_StaysP1()
    {
        await _lifecycle.RaiseAsync(AgentAlert("al-p1") with { Priority = Priority.P1, Audience = Audience.Supervisor });
        _time.Advance(TimeSpan.FromMinutes(6));

        Assert.That((await _lifecycle.EscalateDueAsync()).Single().Priority, Is.EqualTo(Priority.P1));
    }

    [Test]
    public async Task Host_AlertNotAcknowledged_EscalationDeliveredWhenFakeClockPassesAckTimeout()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await TestHost.StartAsync(services: s => s.AddSingleton<TimeProvider>(time));
        var ix = Ev.Ix();
        var raised = await host.RaiseAsync(ix, Ev.Frustrated(ix));
        using var watch = host.Watch(n => n.Alert.AlertId == raised.Alert.AlertId && n.Change == AlertNotice.Escalated);

        time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        var escalated = await watch.NextAsync();

        Assert.That((escalated.Alert.Priority, escalated.Alert.Audience, escalated.Alert.Escalated), Is.EqualTo((Priority.P2, Audience.Supervisor, true)));
    }

    private static Alert AgentAlert(string id, string channel = "chat") => new(
        id, "SingleSignal", Priority.P3, Audience.Agent, "ix-" + id, "cust-1", "agent-01", "billing", channel, T0,
        [new Evidence("NegativePhraseSpotted", ["evt-1"], "phrase weight at least 1", "weight 1", "怎么回事", "frustration")], "Call back");
}
