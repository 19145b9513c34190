using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RiskTriggers.Engine.Alerts;
using RiskTriggers.Host.Alerts;
using RiskTriggers.Host.Delivery;
using RiskTriggers.Host.Hosting;
using RiskTriggers.Host.Operations;
using RiskTriggers.Host.Tests.Support;

namespace RiskTriggers.Host.Tests;

public sealed class DeliveryTests
{
    private TestHost _host = null!;

    [OneTimeSetUp]
    public async Task StartHost() => _host = await TestHost.StartAsync();

    [OneTimeTearDown]
    public async Task StopHost() => await _host.DisposeAsync();

    [Test]
    public async Task Stream_AlertRaised_ArrivesAsSseEventWithId()
    {
        using var client = _host.Client(TestHost.SupervisorKey);
        using var sse = await SseClient.ConnectAsync(client);
        Assert.That(sse.Response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/event-stream"));
        var ix = Ev.Ix();

        var notice = await _host.RaiseAsync(ix, Ev.Threat(ix));
        var received = await NextFor(sse, notice.Alert.AlertId);

        Assert.That(received.Id, Is.EqualTo(notice.Id));
        Assert.That(received.Change, Is.EqualTo("raised"));
        Assert.That(received.Data.GetProperty("alert").GetProperty("evidence")[0].GetProperty("phrase").GetString(), Is.EqualTo("我要投诉"));
    }

    [Test]
    public async Task Stream_ReconnectWithLastEventId_GetsEverythingMissedInOrder()
    {
        using var client = _host.Client(TestHost.SupervisorKey);
        var (a, b) = (Ev.Ix(), Ev.Ix());
        var first = await _host.RaiseAsync(a, Ev.Frustrated(a));
        var second = await _host.RaiseAsync(b, Ev.Frustrated(b));
        using var watch = _host.Watch(n => n.Alert.AlertId == first.Alert.AlertId);
        await client.PostAsync($"/v1/alerts/{first.Alert.AlertId}/ack", null);
        var ack = await watch.NextAsync();

        using var sse = await SseClient.ConnectAsync(client, lastEventId: first.Id);
        var missed = new List<SseEvent>();
        while (missed.Count == 0 || missed[^1].Id < ack.Id)
            missed.Add(await sse.NextAsync());

        Assert.That(missed.Select(e => e.Id), Is.Ordered.Ascending);
        Assert.That(missed.Select(e => (e.AlertId, e.Change)), Is.SupersetOf(new[] { (second.Alert.AlertId, "raised"), (first.Alert.AlertId, "acknowledged") }));
        Assert.That(missed.Select(e => e.Id), Has.None.LessThanOrEqualTo(first.Id));
    }

    [Test]
    public async Task Stream_AgentKey_OnlyOwnAlerts()
    {
        using var sse = await SseClient.ConnectAsync(_host.Client(TestHost.Agent2Key));
        var (other, own) = (Ev.Ix(), Ev.Ix());
        await _host.RaiseAsync(other, Ev.Frustrated(other, agentId: "agent-01"));
        var mine = await _host.RaiseAsync(own, Ev.Frustrated(own, agentId: "agent-02"));

        var first = await sse.NextAsync();

        Assert.That(first.AlertId, Is.EqualTo(mine.Alert.AlertId), "agent-01's alert, published first, is not delivered to agent-02");
    }

    [Test]
    public async Task Stream_AccessTokenInQuery_Accepted()
    {
        using var client = _host.Client();

        using var sse = await SseClient.ConnectAsync(client, $"/v1/alerts/stream?access_token={TestHost.SupervisorKey}");

        Assert.That(sse.Response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Hub_AgentAndSupervisor_EachGetTheirAlerts()
    {
        await using var agent = await ConnectHub(TestHost.Agent1Key);
        await using var supervisor = await ConnectHub(TestHost.SupervisorKey);
        var agentGot = Receive(agent);
        var supervisorGot = Receive(supervisor);
        var (p3, p1) = (Ev.Ix(), Ev.Ix());

        var agentAlert = await _host.RaiseAsync(p3, Ev.Frustrated(p3, agentId: "agent-01"));
        var threat = await _host.RaiseAsync(p1, Ev.Threat(p1, agentId: "agent-09"));

        Assert.That(await ReadUntil(agentGot, agentAlert.Alert.AlertId), Does.Not.Contain(threat.Alert.AlertId));
        Assert.That(await ReadUntil(supervisorGot, threat.Alert.AlertId), Does.Not.Contain(agentAlert.Alert.AlertId),
            "the agent's P3 does not go to supervisors; the P1 does");
    }

    [Test]
    public async Task Hub_OtherAgentsAlert_NotDelivered()
    {
        await using var agent2 = await ConnectHub(TestHost.Agent2Key);
        var got = Receive(agent2);
        var (other, own) = (Ev.Ix(), Ev.Ix());

        var others = await _host.RaiseAsync(other, Ev.Threat(other, agentId: "agent-01"));
        var mine = await _host.RaiseAsync(own, Ev.Frustrated(own, agentId: "agent-02"));

        Assert.That(await ReadUntil(got, mine.Alert.AlertId), Does.Not.Contain(others.Alert.AlertId),
            "published first, so it would have arrived first");
    }

    [Test]
    public void Hub_NoKey_ConnectionRefused()
    {
        var connection = new HubConnectionBuilder().WithUrl(new Uri(_host.BaseAddress, AlertsHub.Path)).Build();

        Assert.That(async () => await connection.StartAsync(), Throws.InstanceOf<HttpRequestException>()
            .With.Property(nameof(HttpRequestException.StatusCode)).EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Feed_SlowSubscriber_CutOffWithoutBlockingPublisher()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new RiskMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        var feed = new AlertFeed(Options.Create(new RiskTriggersOptions()), metrics, NullLogger<AlertFeed>.Instance);
        using var slow = feed.Subscribe("slow", _ => true, null, capacity: 2);
        using var fast = feed.Subscribe("fast", _ => true, null, capacity: 100);

        for (var i = 0; i < 5; i++)
            feed.Publish(AlertNotice.Raised, Record($"al-{i}"));

        var drained = new List<AlertNotice>();
        Assert.That(async () => { await foreach (var n in slow.Reader.ReadAllAsync()) drained.Add(n); }, Throws.InstanceOf<SubscriberOverflowException>());
        Assert.That(drained, Has.Count.EqualTo(2));
        Assert.That(fast.Reader.Count, Is.EqualTo(5), "the other subscriber got everything");
    }

    [Test]
    public void Feed_ResumeAfterIdOlderThanBuffer_ReportsGap()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new RiskMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        var options = new RiskTriggersOptions();
        options.Delivery.ReplayBufferSize = 10;
        var feed = new AlertFeed(Options.Create(options), metrics, NullLogger<AlertFeed>.Instance);
        for (var i = 0; i < 15; i++)
            feed.Publish(AlertNotice.Raised, Record($"al-{i}"));

        using var late = feed.Subscribe("late", _ => true, afterId: 2, capacity: 5);
        using var recent = feed.Subscribe("recent", _ => true, afterId: 5, capacity: 5);

        Assert.That(late.Gap, Is.True);
        Assert.That(recent.Gap, Is.False);
        Assert.That(recent.Reader.Count, Is.EqualTo(10), "ids 6..15 replayed although the live buffer is 5");
    }

    private static async Task<SseEvent> NextFor(SseClient sse, string alertId)
    {
        while (true)
        {
            var e = await sse.NextAsync();
            if (e.AlertId == alertId)
                return e;
        }
    }

    private async Task<HubConnection> ConnectHub(string key)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(_host.BaseAddress, AlertsHub.Path), o => o.Headers["X-Api-Key"] = key)
            .Build();
        await connection.StartAsync();
        return connection;
    }

    /// <summary>The alert ids of the raised notices the connection receives, in order.</summary>
    private static System.Threading.Channels.Channel<string> Receive(HubConnection connection)
    {
        var received = System.Threading.Channels.Channel.CreateUnbounded<string>();
        connection.On<JsonElement>(AlertsHub.Method, notice =>
        {
            if (notice.GetProperty("change").GetString() == "raised")
                received.Writer.TryWrite(notice.GetProperty("alert").GetProperty("alertId").GetString()!);
        });
        return received;
    }

    /// <summary>Reads until <paramref name="alertId"/> arrives (bounded by the test timeout); returns what came before it.</summary>
    private static async Task<List<string>> ReadUntil(System.Threading.Channels.Channel<string> received, string alertId)
    {
        using var timeout = new CancellationTokenSource(TestHost.Timeout);
        var before = new List<string>();
        while (await received.Reader.ReadAsync(timeout.Token) is var id && id != alertId)
            before.Add(id);
        return before;
    }

    private static AlertRecord Record(string id) => AlertRecord.Raised(
        new Alert(id, "SingleSignal", Priority.P3, Audience.Agent, "ix", "c", "agent-01", "billing", "chat", DateTimeOffset.UnixEpoch, [], "act")
        { EscalatesAt = DateTimeOffset.UnixEpoch + TimeSpan.FromMinutes(5) },
        DateTimeOffset.UnixEpoch);
}
