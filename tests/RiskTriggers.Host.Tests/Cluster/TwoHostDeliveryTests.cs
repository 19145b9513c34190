using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging;
using RiskTriggers.Engine.Tests;
using RiskTriggers.Engine.Alerts;
using RiskTriggers.Host.Alerts;
using RiskTriggers.Host.Streams;
using RiskTriggers.Host.Delivery;
using RiskTriggers.Host.Tests.Support;
using StackExchange.Redis;

namespace RiskTriggers.Host.Tests.Cluster;

/// <summary>
/// Two hosts (real Kestrel, each an Orleans silo) on the test redis-server, one cluster: an alert raised by an event
/// posted to host A reaches host B's SSE and SignalR clients, its webhook is posted once, an ack on A shows on B at
/// once, and open alerts outlive a restart of both.
/// </summary>
[Category("Redis")]
[NonParallelizable]
public sealed class TwoHostDeliveryTests
{
    private ConnectionMultiplexer _redis = null!;
    private string _prefix = null!;

    [SetUp]
    public void Connect()
    {
        _redis = TestRedis.Connect();
        _prefix = TestRedis.NewKeyPrefix();
    }

    [TearDown]
    public async Task DeleteKeys()
    {
        await TestRedis.DeleteKeysAsync(_redis, _prefix);
        _redis.Dispose();
    }

    [Test]
    public async Task AlertFromHostA_ReachesSseAndSignalRClientsOfBoth_WebhookPostedOnce()
    {
        var posted = new ConcurrentDictionary<string, int>();
        await using var receiver = await StartReceiver(posted);
        var webhook = new Dictionary<string, string?> { ["RiskTriggers:Delivery:Webhooks:SupervisorUrl"] = receiver.Urls.First() + "/supervisor" };
        await using var a = await StartHostAsync(webhook);
        await using var b = await StartHostAsync(webhook);
        using var sseOnB = await SseClient.ConnectAsync(b.Client(TestHost.SupervisorKey));
        await using var hubOnA = await ConnectHub(a);
        await using var hubOnB = await ConnectHub(b);
        var onA = Receive(hubOnA);
        var onB = Receive(hubOnB);

        var ix = Ev.Ix();
        var alertId = (await a.RaiseAsync(ix, Ev.Threat(ix))).Alert.AlertId;
        // A second alert after it: once it has arrived everywhere, any second copy of the first would have too.
        var marker = Ev.Ix();
        var markerId = (await a.RaiseAsync(marker, Ev.Threat(marker))).Alert.AlertId;

        Assert.That(await NextRaisedAsync(sseOnB), Is.EqualTo(alertId), "B's SSE client, fed from rt:alerts");
        Assert.That(await ReadUntilAsync(onA, markerId), Is.EqualTo(new[] { alertId, markerId }), "A's SignalR client, once each");
        Assert.That(await ReadUntilAsync(onB, markerId), Is.EqualTo(new[] { alertId, markerId }), "B's SignalR client, through the backplane");
        await WorkerCluster.Until(() => Task.FromResult(posted.ContainsKey(markerId)), "the marker's webhook");
        Assert.That(posted[alertId], Is.EqualTo(1), "one webhook post cluster-wide");
    }

    [Test]
    public async Task HostAStoppedMidPost_HostBPostsTheWebhook_WithTheSameIdempotencyKey()
    {
        var accepting = false;
        var accepted = new ConcurrentQueue<(string AlertId, string? Key)>();
        await using var receiver = await StartReceiver(async http =>
        {
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(http.Request.Body);
            if (!Volatile.Read(ref accepting))
            {
                http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }
            if (body.GetProperty("change").GetString() == AlertNotice.Raised)
                accepted.Enqueue((body.GetProperty("alert").GetProperty("alertId").GetString()!, http.Request.Headers[WebhookPoster.IdempotencyHeader]));
        });
        var webhook = new Dictionary<string, string?>
        {
            ["RiskTriggers:Delivery:Webhooks:SupervisorUrl"] = receiver.Urls.First() + "/supervisor",
            // A refused first post leaves A waiting for its retry, the entry taken from the outbox and not acknowledged.
            ["RiskTriggers:Delivery:Webhooks:FirstRetryDelay"] = "00:10:00",
            ["RiskTriggers:Delivery:Webhooks:ClaimAfter"] = "00:00:00.200",
        };
        string alertId;
        await using (var a = await StartHostAsync(webhook))
        {
            var ix = Ev.Ix();
            alertId = (await a.RaiseAsync(ix, Ev.Threat(ix))).Alert.AlertId;
            await WorkerCluster.Until(async () => (await _redis.GetDatabase().StreamPendingAsync($"{_prefix}{{book}}:changes", "webhooks")).PendingMessageCount > 0, "A took the change");
        } // A stops mid-retry: its post never went through

        Volatile.Write(ref accepting, true);
        await using var b = await StartHostAsync(webhook);
        await WorkerCluster.Until(() => Task.FromResult(!accepted.IsEmpty), "B posts the webhook A did not");
        Assert.That(accepted.Single(), Is.EqualTo((alertId, (string?)$"{alertId}:{AlertNotice.Raised}")));
    }

    [Test]
    public async Task EveryChangeOnHostA_ReachesTheSseClientsOfBoth_OnceAndInOrder()
    {
        await using var a = await StartHostAsync();
        await using var b = await StartHostAsync();
        using var sseOnA = await SseClient.ConnectAsync(a.Client(TestHost.SupervisorKey));
        using var sseOnB = await SseClient.ConnectAsync(b.Client(TestHost.SupervisorKey));

        var ix = Ev.Ix();
        var alertId = (await a.RaiseAsync(ix, Ev.Threat(ix))).Alert.AlertId;
        using var onA = a.Client(TestHost.SupervisorKey);
        using (var ack = await onA.PostAsync($"/v1/alerts/{alertId}/ack", null))
            Assert.That(ack.IsSuccessStatusCode, await ack.Content.ReadAsStringAsync());
        using (var resolve = await onA.PostAsJsonAsync($"/v1/alerts/{alertId}/resolve", new { outcome = AlertOutcomes.WireNames[0] }))
            Assert.That(resolve.IsSuccessStatusCode, await resolve.Content.ReadAsStringAsync());
        // A later alert: once it has arrived, any second copy of a change of the first would have too.
        var marker = Ev.Ix();
        var markerId = (await a.RaiseAsync(marker, Ev.Threat(marker))).Alert.AlertId;

        string[] expected = [AlertNotice.Raised, AlertNotice.Acknowledged, AlertNotice.Resolved];
        Assert.That(await ChangesUntilAsync(sseOnB, alertId, markerId), Is.EqualTo(expected), "B, where none of it happened");
        Assert.That(await ChangesUntilAsync(sseOnA, alertId, markerId), Is.EqualTo(expected), "A, where all of it happened");
    }

    [Test]
    public async Task AnUnreadableChangeMidBatch_IsSkipped_TheChangesAroundItReachSseOnceEach()
    {
        await using var b = await StartHostAsync();
        using var sse = await SseClient.ConnectAsync(b.Client(TestHost.SupervisorKey));
        // Records as a book writes them, from a scratch book; then three entries in one MULTI, so one batch of the follower.
        var scratch = new RedisAlertBook(_redis, new RedisAlertBookKeys(_prefix + "scratch:"), 10);
        await scratch.AddAsync(Record("before"));
        await scratch.AddAsync(Record("after"));
        var records = new RedisAlertBookKeys(_prefix + "scratch:").Records;
        var changes = new RedisAlertBookKeys(_prefix).Changes;
        var multi = _redis.GetDatabase().CreateTransaction();
        _ = multi.StreamAddAsync(changes, Entry("before", (string)(await _redis.GetDatabase().HashGetAsync(records, "before"))!));
        _ = multi.StreamAddAsync(changes, Entry("broken", "{not json"));
        _ = multi.StreamAddAsync(changes, Entry("after", (string)(await _redis.GetDatabase().HashGetAsync(records, "after"))!));
        Assert.That(await multi.ExecuteAsync(), Is.True);

        Assert.That(await ChangesUntilAsync(sse, "before", "after"), Is.EqualTo(new[] { AlertNotice.Raised }), "once, and the follower went on past the broken entry");
    }

    private static NameValueEntry[] Entry(string alertId, string record) =>
        [new("alertId", alertId), new("change", AlertNotice.Raised), new("record", record), new("host", "elsewhere")];

    private static AlertRecord Record(string id) => AlertRecord.Raised(
        new Alert(id, "SingleSignal", Priority.P2, Audience.Supervisor, "ix-" + id, "c", "agent-01", "billing", "chat", DateTimeOffset.UtcNow, [], "act") { EscalatesAt = DateTimeOffset.UtcNow.AddMinutes(5) },
        DateTimeOffset.UtcNow);

    [Test]
    public async Task AckOnHostA_ShownOnHostBAtOnce_OpenAlertOutlivesARestartOfBoth()
    {
        string alertId;
        await using (var a = await StartHostAsync())
        await using (var b = await StartHostAsync())
        {
            var ix = Ev.Ix();
            alertId = (await a.RaiseAsync(ix, Ev.Threat(ix))).Alert.AlertId;
            using var onB = b.Client(TestHost.SupervisorKey);
            await WorkerCluster.Until(async () => (await onB.GetAsync($"/v1/alerts/{alertId}")).IsSuccessStatusCode, "B has the alert");

            using var onA = a.Client(TestHost.SupervisorKey);
            using var ack = await onA.PostAsync($"/v1/alerts/{alertId}/ack", null);
            Assert.That(ack.IsSuccessStatusCode, await ack.Content.ReadAsStringAsync());
            var seenOnB = await onB.GetFromJsonAsync<JsonElement>($"/v1/alerts/{alertId}");
            Assert.That(seenOnB.GetProperty("status").GetString(), Is.EqualTo("Acknowledged").IgnoreCase, "no wait: one book in Redis");
        }

        await using var again = await StartHostAsync();
        await using var other = await StartHostAsync();
        var open = await again.Client(TestHost.SupervisorKey).GetFromJsonAsync<JsonElement>("/v1/alerts");
        var ids = Items(open).Select(x => x.GetProperty("alertId").GetString()).ToList();
        Assert.That(ids, Has.Member(alertId), "kept in Redis, not in a host");
    }

    private Task<TestHost> StartHostAsync(Dictionary<string, string?>? extra = null)
    {
        var settings = RedisHostTests.RedisSettings(Environment.GetEnvironmentVariable(TestRedis.Variable)!, _prefix);
        foreach (var (key, value) in extra ?? [])
            settings[key] = value;
        return TestHost.StartAsync(settings);
    }

    private static IEnumerable<JsonElement> Items(JsonElement list) => list.GetProperty("alerts").EnumerateArray();

    private static async Task<string> NextRaisedAsync(SseClient sse)
    {
        while (true)
        {
            var e = await sse.NextAsync();
            if (e.Change == AlertNotice.Raised)
                return e.AlertId;
        }
    }

    /// <summary>The changes of <paramref name="alertId"/> an SSE client gets before <paramref name="last"/> is raised.</summary>
    private static async Task<List<string>> ChangesUntilAsync(SseClient sse, string alertId, string last)
    {
        var changes = new List<string>();
        while (await sse.NextAsync() is var e && !(e.AlertId == last && e.Change == AlertNotice.Raised))
        {
            if (e.AlertId == alertId)
                changes.Add(e.Change);
        }
        return changes;
    }

    private static async Task<List<string>> ReadUntilAsync(System.Threading.Channels.Channel<string> received, string last)
    {
        using var timeout = new CancellationTokenSource(TestHost.Timeout);
        var ids = new List<string>();
        while (ids.LastOrDefault() != last)
            ids.Add(await received.Reader.ReadAsync(timeout.Token));
        return ids;
    }

    private static async Task<HubConnection> ConnectHub(TestHost host)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(host.BaseAddress, AlertsHub.Path), o => o.Headers["X-Api-Key"] = TestHost.SupervisorKey)
            .Build();
        await connection.StartAsync();
        return connection;
    }

    private static System.Threading.Channels.Channel<string> Receive(HubConnection connection)
    {
        var received = System.Threading.Channels.Channel.CreateUnbounded<string>();
        connection.On<JsonElement>(AlertsHub.Method, notice =>
        {
            if (notice.GetProperty("change").GetString() == AlertNotice.Raised)
                received.Writer.TryWrite(notice.GetProperty("alert").GetProperty("alertId").GetString()!);
        });
        return received;
    }

    private static Task<WebApplication> StartReceiver(ConcurrentDictionary<string, int> posted) => StartReceiver(async http =>
    {
        var body = await JsonSerializer.DeserializeAsync<JsonElement>(http.Request.Body);
        if (body.GetProperty("change").GetString() == AlertNotice.Raised)
            posted.AddOrUpdate(body.GetProperty("alert").GetProperty("alertId").GetString()!, 1, (_, n) => n + 1);
    });

    private static async Task<WebApplication> StartReceiver(RequestDelegate receive)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.Run(receive);
        await app.StartAsync();
        return app;
    }
}
