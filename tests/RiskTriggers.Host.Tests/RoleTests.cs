using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RiskTriggers.Host.Tests.Support;

namespace RiskTriggers.Host.Tests;

/// <summary>Who may call what: 401 without a valid key, 403 for the wrong role, 404 for another agent's alert.</summary>
public sealed class RoleTests
{
    private TestHost _host = null!;
    private string _agent1Alert = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        _host = await TestHost.StartAsync();
        var ix = Ev.Ix();
        _agent1Alert = (await _host.RaiseAsync(ix, Ev.Frustrated(ix, agentId: "agent-01"))).Alert.AlertId;
    }

    [OneTimeTearDown]
    public async Task StopHost() => await _host.DisposeAsync();

    private static IEnumerable<TestCaseData> Endpoints() =>
    [
        new("POST", "/v1/events"), new("GET", "/v1/alerts"), new("GET", "/v1/alerts/al-x"),
        new("POST", "/v1/alerts/al-x/ack"), new("POST", "/v1/alerts/al-x/resolve"), new("GET", "/v1/alerts/stream"),
        new("GET", "/v1/alerts/load"), new("GET", "/v1/alerts/timeline"), new("GET", "/v1/alerts/precision"), new("GET", "/v1/alerts/outcomes"),
    ];

    [TestCaseSource(nameof(Endpoints))]
    public async Task Endpoint_NoKey_401Problem(string method, string path)
    {
        using var response = await Send(null, method, path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [TestCaseSource(nameof(Endpoints))]
    public async Task Endpoint_UnknownKey_401(string method, string path)
    {
        using var response = await Send("not-a-real-key", method, path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [TestCase(TestHost.IngestKey, "GET", "/v1/alerts")]
    [TestCase(TestHost.IngestKey, "GET", "/v1/alerts/al-x")]
    [TestCase(TestHost.IngestKey, "POST", "/v1/alerts/al-x/ack")]
    [TestCase(TestHost.IngestKey, "POST", "/v1/alerts/al-x/resolve")]
    [TestCase(TestHost.IngestKey, "GET", "/v1/alerts/stream")]
    [TestCase(TestHost.IngestKey, "GET", "/v1/alerts/load")]
    [TestCase(TestHost.IngestKey, "GET", "/v1/alerts/timeline")]
    [TestCase(TestHost.IngestKey, "GET", "/v1/alerts/precision")]
    [TestCase(TestHost.IngestKey, "GET", "/v1/alerts/outcomes")]
    [TestCase(TestHost.Agent1Key, "POST", "/v1/events")]
    [TestCase(TestHost.SupervisorKey, "POST", "/v1/events")]
    public async Task Endpoint_WrongRole_403Problem(string key, string method, string path)
    {
        using var response = await Send(key, method, path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [TestCase(TestHost.IngestKey)]
    [TestCase(TestHost.AdminKey)]
    public async Task PostEvents_IngestOrAdmin_Accepted(string key)
    {
        using var response = await _host.Client(key).PostAsJsonAsync("/v1/events", Ev.Frustrated(Ev.Ix()));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
    }

    [TestCase(TestHost.SupervisorKey)]
    [TestCase(TestHost.AdminKey)]
    [TestCase(TestHost.Agent1Key)]
    public async Task GetAlert_OwnerSupervisorOrAdmin_200(string key)
    {
        using var response = await _host.Client(key).GetAsync($"/v1/alerts/{_agent1Alert}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("GET", "")]
    [TestCase("POST", "/ack")]
    [TestCase("POST", "/resolve")]
    public async Task AlertById_AnotherAgentsAlert_404NotForbidden(string method, string suffix)
    {
        using var response = await Send(TestHost.Agent2Key, method, $"/v1/alerts/{_agent1Alert}{suffix}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var get = await _host.Client(TestHost.SupervisorKey).GetFromJsonAsync<JsonElement>($"/v1/alerts/{_agent1Alert}");
        Assert.That(get.GetProperty("status").GetString(), Is.EqualTo("open"), "nothing changed");
    }

    [Test]
    public async Task ListAlerts_AgentKey_OnlyOwnAlerts()
    {
        var ix = Ev.Ix();
        await _host.RaiseAsync(ix, Ev.Frustrated(ix, agentId: "agent-02"));

        var agent2 = await _host.Client(TestHost.Agent2Key).GetFromJsonAsync<JsonElement>("/v1/alerts?limit=1000");
        var asksForOther = await _host.Client(TestHost.Agent2Key).GetFromJsonAsync<JsonElement>("/v1/alerts?agentId=agent-01");

        Assert.That(agent2.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("agentId").GetString()).Distinct(), Is.EqualTo(new[] { "agent-02" }));
        Assert.That(asksForOther.GetProperty("count").GetInt32(), Is.Zero);
    }

    [Test]
    public async Task Stream_QueryTokenOnOtherEndpoints_NotAccepted()
    {
        using var response = await _host.Client().GetAsync($"/v1/alerts?access_token={TestHost.SupervisorKey}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [TestCase("/")]
    [TestCase("/health/live")]
    [TestCase("/health/ready")]
    [TestCase("/metrics")]
    [TestCase("/openapi/v1.json")]
    public async Task PublicEndpoint_NoKey_200(string path)
    {
        using var response = await _host.Client().GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private async Task<HttpResponseMessage> Send(string? key, string method, string path)
    {
        using var client = _host.Client(key);
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "POST" ? JsonContent.Create(path.EndsWith("events") ? Ev.Frustrated(Ev.Ix()) : new { outcome = "prevented" }) : null,
        };
        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }
}
