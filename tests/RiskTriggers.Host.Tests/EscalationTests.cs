using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RiskTriggers.Engine.Alerts;
using RiskTriggers.Host.Alerts;
using RiskTriggers.Host.Delivery;
using RiskTriggers.Host.Hosting;
using RiskTriggers.Host.Operations;
using RiskTriggers.Host.Tests.Support;

namespace RiskTriggers.Host.Tests;

/// <summary>
/// Escalations come from the engine (an alert's ack-timeout deadline in its partition) and change the book once;
/// answering an alert tells its partition. The lifecycle on a fake clock, then the whole host on one.
/// </summary>
public sealed class EscalationTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan AckTimeout = TimeSpan.FromMinutes(5);
    private FakeTimeProvider _time = null!;
    private RecordedAcks _acks = null!;
    private AlertLifecycle _lifecycle = null!;
    private ServiceProvider _services = null!;

    [SetUp]
    public void CreateLifecycle()
    {
        _time = new FakeTimeProvider(T0);
        _acks = new RecordedAcks();
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new RiskMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        var feed = new AlertFeed(Options.Create(new RiskTriggersOptions()), metrics, NullLogger<AlertFeed>.Instance);
        _lifecycle = new AlertLifecycle(new InMemoryAlertBook(100), feed, _acks, _time, metrics, NullLogger<AlertLifecycle>.Instance);
    }

    [TearDown]
    public void Dispose() => _services.Dispose();

    [Test]
    public async Task Raise_AckDueAtIsTheEnginesEscalatesAt()
    {
        var record = await _lifecycle.RaiseAsync(AgentAlert("al-1") with { EscalatesAt = T0 + TimeSpan.FromHours(2) });

        Assert.That(record!.AckDueAt, Is.EqualTo(T0 + TimeSpan.FromHours(2)));
    }

    [Test]
    public async Task Escalate_Open_OnceToSupervisorOneLevelMoreUrgent()
    {
        await _lifecycle.RaiseAsync(AgentAlert("al-1"));

        var escalated = await _lifecycle.EscalateAsync("al-1", T0 + AckTimeout);
        var again = await _lifecycle.EscalateAsync("al-1", T0 + AckTimeout);

        var record = escalated.Record!;
        Assert.Multiple(() =>
        {
            Assert.That(escalated.Outcome, Is.EqualTo(AlertChangeOutcome.Changed));
            Assert.That(record.Priority, Is.EqualTo(Priority.P2));
            Assert.That(record.Audience, Is.EqualTo(Audience.Supervisor));
            Assert.That(record.Status, Is.EqualTo(AlertStatus.Open));
            Assert.That(record.History.Last().Action, Is.EqualTo("escalated"));
            Assert.That(record.History.Last().At, Is.EqualTo(T0 + AckTimeout), "when the engine's deadline fell due");
            Assert.That(record.History.Last().Note, Does.StartWith("not acknowledged within 5m"));
            Assert.That(again.Outcome, Is.EqualTo(AlertChangeOutcome.Unchanged), "escalates only once");
        });
    }

    [Test]
    public async Task Acknowledge_TellsThePartition_AndALaterTimeoutEscalatesNothing()
    {
        await _lifecycle.RaiseAsync(AgentAlert("al-1"));
        _time.Advance(TimeSpan.FromMinutes(4));

        await _lifecycle.AcknowledgeAsync("al-1", "agent-01");
        var late = await _lifecycle.EscalateAsync("al-1", T0 + AckTimeout);

        Assert.That(_acks.Told, Is.EqualTo(new[] { ("cust-1", "al-1") }));
        Assert.That(late.Outcome, Is.EqualTo(AlertChangeOutcome.Unchanged));
    }

    [Test]
    public async Task Resolve_TellsThePartition()
    {
        await _lifecycle.RaiseAsync(AgentAlert("al-1"));

        await _lifecycle.ResolveAsync("al-1", "sup", AlertOutcome.Prevented, null);
        await _lifecycle.AcknowledgeAsync("al-1", "sup"); // resolved already: no change, nothing told

        Assert.That(_acks.Told, Is.EqualTo(new[] { ("cust-1", "al-1") }));
    }

    [Test]
    public async Task Escalate_P1_StaysP1()
    {
        await _lifecycle.RaiseAsync(AgentAlert("al-p1") with { Priority = Priority.P1, Audience = Audience.Supervisor });

        Assert.That((await _lifecycle.EscalateAsync("al-p1", T0 + AckTimeout)).Record!.Priority, Is.EqualTo(Priority.P1));
    }

    [Test]
    public async Task Host_AlertNotAcknowledged_EscalatedOnceWhenTheFakeClockPassesEscalatesAt()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await TestHost.StartAsync(services: s => s.AddSingleton<TimeProvider>(time));
        var ix = Ev.Ix();
        var raised = await host.RaiseAsync(ix, Ev.Frustrated(ix));
        using var watch = host.Watch(n => n.Alert.AlertId == raised.Alert.AlertId && n.Change == AlertNotice.Escalated);

        // Events carry the real time of posting: the fake clock moves to just past the engine's escalatesAt.
        time.SetUtcNow(raised.Alert.EscalatesAt!.Value + TimeSpan.FromSeconds(1));
        var escalated = await watch.NextAsync();

        Assert.That((escalated.Alert.Priority, escalated.Alert.Audience, escalated.Alert.Escalated), Is.EqualTo((Priority.P2, Audience.Supervisor, true)));
        Assert.That(escalated.Alert.History.Last().At, Is.EqualTo(raised.Alert.EscalatesAt), "at the engine's escalatesAt");
    }

    [Test]
    public async Task Host_AcknowledgedInTime_NeverEscalates()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await TestHost.StartAsync(services: s => s.AddSingleton<TimeProvider>(time));
        var (acked, unacked) = (Ev.Ix(), Ev.Ix());
        var first = await host.RaiseAsync(acked, Ev.Frustrated(acked));
        using (var client = host.Client(TestHost.Agent1Key))
            (await client.PostAsync($"/v1/alerts/{first.Alert.AlertId}/ack", null)).EnsureSuccessStatusCode();
        // The same customer, so the same partition: its ack timeouts fire in due order, the acknowledged one's first.
        var second = await host.RaiseAsync(unacked, SameCustomer(Ev.Frustrated(unacked), acked));
        using var watch = host.Watch(n => n.Change == AlertNotice.Escalated);

        time.SetUtcNow(second.Alert.EscalatesAt!.Value + TimeSpan.FromSeconds(1));
        var escalated = await watch.NextAsync();

        Assert.That(escalated.Alert.AlertId, Is.EqualTo(second.Alert.AlertId));
        using var supervisor = host.Client(TestHost.SupervisorKey);
        var view = await supervisor.GetFromJsonAsync<System.Text.Json.JsonElement>($"/v1/alerts/{first.Alert.AlertId}");
        Assert.That(view.GetProperty("escalated").GetBoolean(), Is.False);
    }

    private static System.Text.Json.Nodes.JsonNode SameCustomer(object e, string interactionId)
    {
        var node = System.Text.Json.JsonSerializer.SerializeToNode(e)!;
        node["customerId"] = "cust-" + interactionId;
        return node;
    }

    private static Alert AgentAlert(string id, string channel = "chat") => new(
        id, "SingleSignal", Priority.P3, Audience.Agent, "ix-" + id, "cust-1", "agent-01", "billing", channel, T0,
        [new Evidence("NegativePhraseSpotted", ["evt-1"], "phrase weight at least 1", "weight 1", "怎么回事", "frustration")], "Call back")
    { EscalatesAt = T0 + AckTimeout };

    private sealed class RecordedAcks : IAlertAcknowledgements
    {
        public List<(string CustomerId, string AlertId)> Told { get; } = [];

        public ValueTask AcknowledgeAsync(string customerId, string alertId, CancellationToken ct)
        {
            Told.Add((customerId, alertId));
            return ValueTask.CompletedTask;
        }
    }
}
