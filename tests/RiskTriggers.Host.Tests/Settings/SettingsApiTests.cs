using System.Net;
using System.Net.Http.Json;
using System.Reactive.Concurrency;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Engine.Shadow;

namespace RiskTriggers.Host.Tests.Settings;

public sealed class SettingsApiTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private const string ReplyIn2m = """{ "replyOverdue": { "after": "2m" } }""";

    private HistoricalScheduler _scheduler = null!;
    private SettingsTestApp _app = null!;

    private HttpClient Http => _app.Client;

    [SetUp]
    public async Task Start()
    {
        _scheduler = new HistoricalScheduler(T0);
        _app = await SettingsTestApp.StartAsync(_scheduler);
    }

    [TearDown]
    public async Task Stop() => await _app.DisposeAsync();

    [Test]
    public async Task GetSettings_NothingSaved_ReturnsVersion0WithTheEffectiveDefaults()
    {
        var view = await GetJsonAsync("v1/settings");

        Assert.That(((int)view["version"]!, (string?)view["effective"]!["replyOverdue"]!["after"]), Is.EqualTo((0, "5m")));
    }

    [Test]
    public async Task PutSettings_ValidDocument_Returns201WithTheNewVersionAuditAndDiff()
    {
        var response = await PutAsync("v1/settings?comment=faster%20replies", ReplyIn2m);

        var view = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo("/v1/settings/1"));
            Assert.That(((int)view["version"]!, (string?)view["author"], (string?)view["comment"]), Is.EqualTo((1, "admin-key-owner", "faster replies")));
            Assert.That(view["changes"]!.ToJsonString(), Is.EqualTo("""[{"path":"replyOverdue.after","old":"5m","new":"2m"}]"""));
            Assert.That(view["document"]!.ToJsonString(), Is.EqualTo("""{"replyOverdue":{"after":"2m"}}"""));
        });
    }

    [Test]
    public async Task PutSettings_EffectiveDocumentInForce_Returns200WithTheCurrentVersionAndMakesNone()
    {
        await PutAsync("v1/settings", ReplyIn2m);
        var effective = (await GetJsonAsync("v1/settings"))["effective"]!.ToJsonString();

        var response = await PutAsync("v1/settings", effective);

        var view = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var history = JsonNode.Parse(await Http.GetStringAsync("v1/settings/history"))!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Headers.Location, Is.Null);
            Assert.That(((int)view["version"]!, (string?)view["effective"]!["replyOverdue"]!["after"]), Is.EqualTo((1, "2m")));
            Assert.That(history.Select(v => (int)v!["version"]!), Is.EqualTo(new[] { 1 }));
        });
    }

    [Test]
    public async Task PutSettings_Accepted_TheEngineSettingsSwitchAtOnce()
    {
        var live = _app.Services.GetRequiredService<ISettingsSource>();

        await PutAsync("v1/settings", ReplyIn2m);

        Assert.That((live.Current.Version, live.Current.Defaults.ReplyOverdue.After), Is.EqualTo((1, TimeSpan.FromMinutes(2))));
    }

    [Test]
    public async Task PutSettings_CallerWithoutAName_AuthorAndCommentComeFromHeaders()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "v1/settings") { Content = Json(ReplyIn2m) };
        request.Headers.Add("X-Test-Role", "admin");
        request.Headers.Add("X-Author", "ana");
        request.Headers.Add("X-Comment", "from the header");

        var view = JsonNode.Parse(await (await Http.SendAsync(request)).Content.ReadAsStringAsync())!;

        Assert.That(((string?)view["author"], (string?)view["comment"]), Is.EqualTo(("ana", "from the header")));
    }

    [Test]
    public async Task PutSettings_InvalidDocument_Returns400ProblemListingEachFieldAndSavesNothing()
    {
        var response = await PutAsync("v1/settings", """{ "replyOverdue": { "after": "soon" }, "inquiryRepeated": { "moreThan": 0 } }""");

        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(problem["errors"]!.AsArray().Select(e => (string)e!), Has.Some.StartsWith("replyOverdue.after:"));
            Assert.That((int)(await GetJsonAsync("v1/settings"))["version"]!, Is.Zero);
        });
    }

    [Test]
    public async Task PutSettings_SeveralProblems_ListsEveryOneByItsPathAsWritten()
    {
        var response = await PutAsync("v1/settings", """
            { "inquiryRepeated": { "moreThan": "three" }, "alerts": { "supervisorTiers": "vip", "ackTimeout": "0s" },
              "overrides": { "queue": { "Retention": { "negativePhrase": { "weights": { "churn": -2 } } } } } }
            """);

        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((string?)problem["detail"], Is.EqualTo("The settings document was refused (4 errors); nothing was saved."));
            Assert.That(problem["errors"]!.AsArray().Select(e => (string)e!), Is.EqualTo(new[]
            {
                "inquiryRepeated.moreThan: expected a whole number, got \"three\"",
                "alerts.supervisorTiers: expected a list of texts in double quotes, such as [\"vip\"], got \"vip\"",
                "alerts.ackTimeout: must be a positive duration such as 5m, was 0s",
                "overrides.queue.Retention.negativePhrase.weights.churn: must not be negative, was -2",
            }));
        });
    }

    [Test]
    public async Task PutSettings_KeyWrittenTwice_Returns400NamingItsLine()
    {
        var response = await PutAsync("v1/settings", "{ \"replyOverdue\": { \"after\": \"2m\" },\n  \"replyOverdue\": {} }");

        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.That((response.StatusCode, (string?)problem["errors"]![0]), Is.EqualTo((HttpStatusCode.BadRequest,
            "$: not valid JSON at line 2, column 3: replyOverdue is written twice; a key may appear once in an object")));
    }

    [TestCase("")]
    [TestCase("[1, 2]")]
    [TestCase("{ not json")]
    public async Task PutSettings_NotADocument_Returns400WithAnError(string body)
    {
        var response = await PutAsync("v1/settings", body);

        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.That((response.StatusCode, problem["errors"]!.AsArray().Count), Is.EqualTo((HttpStatusCode.BadRequest, 1)));
    }

    [Test]
    public async Task History_AfterSaves_ListsNewestFirstWithoutDocuments()
    {
        await PutAsync("v1/settings?comment=one", ReplyIn2m);
        await PutAsync("v1/settings?comment=two", """{ "replyOverdue": { "after": "3m" } }""");

        var history = (await GetJsonAsync("v1/settings/history")).AsArray();

        Assert.Multiple(() =>
        {
            Assert.That(history.Select(v => ((int)v!["version"]!, (string?)v["comment"])), Is.EqualTo(new[] { (2, "two"), (1, "one") }));
            Assert.That(history.Select(v => v!["document"]), Has.All.Null);
        });
    }

    [Test]
    public async Task GetVersion_Stored_ReturnsItsDocument_AndUnknownIs404()
    {
        await PutAsync("v1/settings", ReplyIn2m);

        var view = await GetJsonAsync("v1/settings/1");
        var unknown = await Http.GetAsync("v1/settings/9");

        Assert.That(((string?)view["document"]!["replyOverdue"]!["after"], unknown.StatusCode), Is.EqualTo(("2m", HttpStatusCode.NotFound)));
    }

    [Test]
    public async Task Rollback_ToAnEarlierVersion_SavesItAsANewVersion_AndUnknownIs404()
    {
        await PutAsync("v1/settings", ReplyIn2m);
        await PutAsync("v1/settings", """{ "replyOverdue": { "after": "3m" } }""");

        var response = await Http.PostAsync("v1/settings/rollback/1?comment=too%20noisy", null);
        var unknown = await Http.PostAsync("v1/settings/rollback/9", null);

        var view = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(((int)view["version"]!, (string?)view["comment"], (int?)view["rollbackOf"]), Is.EqualTo((3, "rollback to v1: too noisy", (int?)1)));
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [TestCase("GET", "v1/settings")]
    [TestCase("PUT", "v1/settings")]
    [TestCase("GET", "v1/settings/history")]
    [TestCase("POST", "v1/settings/rollback/0")]
    [TestCase("GET", "v1/settings/shadow/report")]
    public async Task Endpoints_CallerWithoutTheAdminRole_AreForbidden(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = Json("{}") };
        request.Headers.Add("X-Test-Role", "supervisor");

        Assert.That((await Http.SendAsync(request)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Endpoints_NoCredentials_AreUnauthorized()
    {
        using var anonymous = new HttpClient { BaseAddress = Http.BaseAddress };

        Assert.That((await anonymous.GetAsync("v1/settings")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Shadow_StartedWithADocument_ReportsLiveAgainstCandidateUntilStopped()
    {
        var shadow = _app.Services.GetRequiredService<ShadowRun>();

        var started = await PutAsync("v1/settings/shadow", """{ "negativePhrase": { "minWeight": 100 } }""");
        shadow.OnEvent(new InteractionEvent("evt-1", EventType.CustomerMessage, T0, "ix-1", "cust-1", Text: "我要投诉"));
        var report = await GetJsonAsync("v1/settings/shadow/report");
        var stopped = await Http.DeleteAsync("v1/settings/shadow");
        var afterStop = await Http.GetAsync("v1/settings/shadow/report");

        Assert.Multiple(() =>
        {
            Assert.That(started.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(((string?)report["status"]!["candidate"], (long)report["status"]!["events"]!), Is.EqualTo(("unsaved document", 1L)));
            Assert.That((int)report["comparison"]!["candidate"]!["alerts"]!, Is.Zero, "a phrase weight of 100 is never reached");
            Assert.That((stopped.StatusCode, afterStop.StatusCode), Is.EqualTo((HttpStatusCode.NoContent, HttpStatusCode.NotFound)));
        });
    }

    [Test]
    public async Task Shadow_StoredVersion_RunsIt_AndUnknownVersionIs404()
    {
        await PutAsync("v1/settings", ReplyIn2m);

        var started = JsonNode.Parse(await (await PutAsync("v1/settings/shadow?version=1", "")).Content.ReadAsStringAsync())!;
        var unknown = await PutAsync("v1/settings/shadow?version=9", "");

        Assert.That(((string?)started["candidate"], unknown.StatusCode), Is.EqualTo(("v1", HttpStatusCode.NotFound)));
    }

    [Test]
    public async Task Shadow_InvalidCandidate_Returns400WithTheErrors_AndNothingRuns()
    {
        var response = await PutAsync("v1/settings/shadow", """{ "alerts": { "ackTimeout": "0s" } }""");

        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Multiple(async () =>
        {
            Assert.That(problem["errors"]!.AsArray().Select(e => (string)e!), Has.Some.StartsWith("alerts.ackTimeout:"));
            Assert.That((await Http.DeleteAsync("v1/settings/shadow")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    private Task<HttpResponseMessage> PutAsync(string path, string body) => Http.PutAsync(path, Json(body));

    private async Task<JsonNode> GetJsonAsync(string path) => (await Http.GetFromJsonAsync<JsonNode>(path))!;

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
