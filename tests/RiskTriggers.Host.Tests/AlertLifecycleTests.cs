using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RiskTriggers.Host.Tests.Support;

namespace RiskTriggers.Host.Tests;

public sealed class AlertLifecycleTests
{
    private TestHost _host = null!;
    private HttpClient _supervisor = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        _host = await TestHost.StartAsync();
        _supervisor = _host.Client(TestHost.SupervisorKey);
    }

    [OneTimeTearDown]
    public async Task StopHost()
    {
        _supervisor.Dispose();
        await _host.DisposeAsync();
    }

    [Test]
    public async Task GetAlert_Raised_HasEvidenceAndRaisedHistory()
    {
        var ix = Ev.Ix();
        var notice = await _host.RaiseAsync(ix, Ev.Frustrated(ix));

        var alert = await _supervisor.GetFromJsonAsync<JsonElement>($"/v1/alerts/{notice.Alert.AlertId}");

        Assert.Multiple(() =>
        {
            Assert.That(alert.GetProperty("status").GetString(), Is.EqualTo("open"));
            Assert.That(alert.GetProperty("priority").GetString(), Is.EqualTo("P3"));
            Assert.That(alert.GetProperty("audience").GetString(), Is.EqualTo("agent"));
            Assert.That(alert.GetProperty("agentId").GetString(), Is.EqualTo("agent-01"));
            var evidence = alert.GetProperty("evidence")[0];
            Assert.That(evidence.GetProperty("signal").GetString(), Is.EqualTo("NegativePhraseSpotted"));
            Assert.That(evidence.GetProperty("phrase").GetString(), Is.EqualTo("怎么回事, 销户"));
            Assert.That(alert.GetProperty("history")[0].GetProperty("action").GetString(), Is.EqualTo("raised"));
        });
    }

    [Test]
    public async Task ListAlerts_FilterByPriorityAndQueue_OnlyMatching()
    {
        var queue = "q-" + Guid.NewGuid().ToString("N")[..8];
        var (a, b) = (Ev.Ix(), Ev.Ix());
        await _host.RaiseAsync(a, Ev.Frustrated(a, queue: queue));
        await _host.RaiseAsync(b, Ev.Threat(b, queue: queue));

        var p1 = await _supervisor.GetFromJsonAsync<JsonElement>($"/v1/alerts?queue={queue}&priority=P1");
        var all = await _supervisor.GetFromJsonAsync<JsonElement>($"/v1/alerts?queue={queue}");

        Assert.That(p1.GetProperty("alerts").EnumerateArray().Select(x => x.GetProperty("interactionId").GetString()), Is.EqualTo(new[] { b }));
        Assert.That(all.GetProperty("alerts").EnumerateArray().Select(x => x.GetProperty("priority").GetString()), Is.EqualTo(new[] { "P1", "P3" }),
            "most urgent first");
    }

    [Test]
    public async Task ListAlerts_FilterByStatusAndAgent_OnlyMatching()
    {
        var ix = Ev.Ix();
        var notice = await _host.RaiseAsync(ix, Ev.Frustrated(ix, agentId: "agent-77"));
        await _supervisor.PostAsync($"/v1/alerts/{notice.Alert.AlertId}/ack", null);

        var open = await _supervisor.GetFromJsonAsync<JsonElement>("/v1/alerts?agentId=agent-77&status=open");
        var acknowledged = await _supervisor.GetFromJsonAsync<JsonElement>("/v1/alerts?agentId=agent-77&status=acknowledged");

        Assert.That(open.GetProperty("count").GetInt32(), Is.Zero);
        Assert.That(acknowledged.GetProperty("alerts")[0].GetProperty("alertId").GetString(), Is.EqualTo(notice.Alert.AlertId));
    }

    [Test]
    public async Task ListAlerts_UnknownFilterValue_400NamingTheParameter()
    {
        using var response = await _supervisor.GetAsync("/v1/alerts?priority=urgent");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("errors").TryGetProperty("priority", out _), Is.True);
    }

    [Test]
    public async Task Ack_OpenAlert_AcknowledgedWithHistoryEntryNamingWho()
    {
        var ix = Ev.Ix();
        var notice = await _host.RaiseAsync(ix, Ev.Frustrated(ix));
        using var watch = _host.Watch(n => n.Alert.AlertId == notice.Alert.AlertId);

        using var response = await _host.Client(TestHost.Agent1Key).PostAsync($"/v1/alerts/{notice.Alert.AlertId}/ack", null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var alert = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(alert.GetProperty("status").GetString(), Is.EqualTo("acknowledged"));
        var last = alert.GetProperty("history").EnumerateArray().Last();
        Assert.That((last.GetProperty("action").GetString(), last.GetProperty("by").GetString()), Is.EqualTo(("acknowledged", "agent-01")));
        Assert.That(alert.GetProperty("acknowledgedBy").GetString(), Is.EqualTo("agent-01"));
        Assert.That(alert.GetProperty("acknowledgedAt").GetDateTimeOffset(), Is.EqualTo(last.GetProperty("at").GetDateTimeOffset()));
        Assert.That(alert.GetProperty("escalatesAt").ValueKind, Is.EqualTo(JsonValueKind.Null), "an acknowledged alert no longer escalates");
        Assert.That((await watch.NextAsync()).Change, Is.EqualTo("acknowledged"), "the change is delivered");
    }

    [Test]
    public async Task Resolve_WithOutcomeAndNote_ResolvedWithBothAndWhoWhen()
    {
        var ix = Ev.Ix();
        var notice = await _host.RaiseAsync(ix, Ev.Frustrated(ix));

        using var response = await _supervisor.PostAsJsonAsync($"/v1/alerts/{notice.Alert.AlertId}/resolve",
            new { outcome = "prevented", note = " called back, refund confirmed " });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var alert = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(() =>
        {
            Assert.That(alert.GetProperty("status").GetString(), Is.EqualTo("resolved"));
            Assert.That(alert.GetProperty("outcome").GetString(), Is.EqualTo("prevented"));
            Assert.That(alert.GetProperty("note").GetString(), Is.EqualTo("called back, refund confirmed"));
            Assert.That(alert.GetProperty("resolvedBy").GetString(), Is.EqualTo("supervisor"));
            Assert.That(alert.GetProperty("resolvedAt").ValueKind, Is.EqualTo(JsonValueKind.String));
            Assert.That(alert.GetProperty("escalatesAt").ValueKind, Is.EqualTo(JsonValueKind.Null), "a resolved alert never escalates");
            Assert.That(alert.GetProperty("history").EnumerateArray().Last().GetProperty("note").GetString(),
                Is.EqualTo("prevented: called back, refund confirmed"));
        });
    }

    [Test]
    public async Task Resolve_OutcomeOnly_NoteIsNull()
    {
        var ix = Ev.Ix();
        var notice = await _host.RaiseAsync(ix, Ev.Frustrated(ix));

        using var response = await _supervisor.PostAsJsonAsync($"/v1/alerts/{notice.Alert.AlertId}/resolve", new { outcome = "falseAlarm" });

        var alert = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That((alert.GetProperty("outcome").GetString(), alert.GetProperty("note").ValueKind), Is.EqualTo(("falseAlarm", JsonValueKind.Null)));
    }

    [TestCase("called back")]
    [TestCase("Prevented")]
    [TestCase("0")]
    [TestCase("false_alarm")]
    public async Task Resolve_UnknownOutcome_400NamingOutcomeAndTheChoices(string outcome)
    {
        var ix = Ev.Ix();
        var notice = await _host.RaiseAsync(ix, Ev.Frustrated(ix));

        using var response = await _supervisor.PostAsJsonAsync($"/v1/alerts/{notice.Alert.AlertId}/resolve", new { outcome });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("errors").GetProperty("outcome")[0].GetString(),
            Is.EqualTo($"'{outcome}' is not an outcome; expected one of prevented, falseAlarm, complaintFollowed"));
        var still = await _supervisor.GetFromJsonAsync<JsonElement>($"/v1/alerts/{notice.Alert.AlertId}");
        Assert.That(still.GetProperty("status").GetString(), Is.EqualTo("open"), "nothing changed");
    }

    [Test]
    public async Task Resolve_NoteTooLong_400NamingNote()
    {
        var ix = Ev.Ix();
        var notice = await _host.RaiseAsync(ix, Ev.Frustrated(ix));

        using var response = await _supervisor.PostAsJsonAsync($"/v1/alerts/{notice.Alert.AlertId}/resolve",
            new { outcome = "prevented", note = new string('x', 2_001) });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("errors").TryGetProperty("note", out _), Is.True);
    }

    [TestCase("{}")]
    [TestCase("{\"outcome\":\"  \"}")]
    [TestCase("{\"note\":\"called back\"}")]
    [TestCase("")]
    public async Task Resolve_WithoutOutcome_400NamingOutcome(string body)
    {
        var ix = Ev.Ix();
        var notice = await _host.RaiseAsync(ix, Ev.Frustrated(ix));

        using var response = await _supervisor.PostAsync($"/v1/alerts/{notice.Alert.AlertId}/resolve",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("errors").TryGetProperty("outcome", out _), Is.True);
    }

    [Test]
    public async Task Resolve_AlreadyResolved_409()
    {
        var ix = Ev.Ix();
        var notice = await _host.RaiseAsync(ix, Ev.Frustrated(ix));
        await _supervisor.PostAsJsonAsync($"/v1/alerts/{notice.Alert.AlertId}/resolve", new { outcome = "prevented" });

        using var again = await _supervisor.PostAsJsonAsync($"/v1/alerts/{notice.Alert.AlertId}/resolve", new { outcome = "falseAlarm" });
        using var ack = await _supervisor.PostAsync($"/v1/alerts/{notice.Alert.AlertId}/ack", null);

        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(ack.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(again.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [TestCase("GET", "/v1/alerts/al-unknown")]
    [TestCase("POST", "/v1/alerts/al-unknown/ack")]
    [TestCase("POST", "/v1/alerts/al-unknown/resolve")]
    public async Task AlertById_UnknownId_404Problem(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? JsonContent.Create(new { outcome = "prevented" }) : null };

        using var response = await _supervisor.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }
}
