using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using RiskTriggers.Host.Tests.Support;

namespace RiskTriggers.Host.Tests;

/// <summary>Every error the host answers is problem+json whose title and detail say what to do, in every environment.</summary>
public sealed class HttpErrorTests
{
    [Test]
    public async Task UnknownRoute_Answers404ProblemSayingWhereTheApiIs()
    {
        await using var host = await TestHost.StartAsync();

        var problem = await ProblemAsync(await host.Client(TestHost.SupervisorKey).GetAsync("/v1/alert"), HttpStatusCode.NotFound);

        Assert.That(((string?)problem["title"], (string?)problem["detail"]), Is.EqualTo(("No such endpoint",
            "Nothing answers GET /v1/alert. The API is under /v1 (GET /openapi/v1.json lists every endpoint); the dashboard is at /.")));
    }

    [Test]
    public async Task WrongMethod_Answers405ProblemNamingTheMethodToUse()
    {
        await using var host = await TestHost.StartAsync();

        var problem = await ProblemAsync(await host.Client(TestHost.IngestKey).GetAsync("/v1/events"), HttpStatusCode.MethodNotAllowed);

        Assert.That(((string?)problem["title"], (string?)problem["detail"]), Is.EqualTo(("Method not allowed", "/v1/events does not take GET; use POST.")));
    }

    [TestCase(null, "none")]
    [TestCase("text/plain", "text/plain")]
    [TestCase("application/x-www-form-urlencoded", "application/x-www-form-urlencoded")]
    public async Task Events_WithoutOrWithWrongContentType_Answers415NamingTheTypesItTakes(string? contentType, string sent)
    {
        await using var host = await TestHost.StartAsync();
        var body = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"eventId":"e1"}"""));
        if (contentType is not null)
            body.Headers.ContentType = new(contentType);

        var problem = await ProblemAsync(await host.Client(TestHost.IngestKey).PostAsync("/v1/events", body), HttpStatusCode.UnsupportedMediaType);

        Assert.That(((string?)problem["title"], (string?)problem["detail"]), Is.EqualTo(("Unsupported Content-Type",
            "POST /v1/events takes a body with Content-Type application/json, application/x-ndjson, application/ndjson, application/jsonl " +
            $"or application/x-jsonlines; the request sent {(contentType is null ? "none." : sent + ".")}")));
    }

    [Test]
    public async Task Events_NdjsonUnderItsOtherName_Accepted()
    {
        await using var host = await TestHost.StartAsync();
        var body = new StringContent(System.Text.Json.JsonSerializer.Serialize(Ev.Frustrated(Ev.Ix())), Encoding.UTF8, "application/ndjson");

        var response = await host.Client(TestHost.IngestKey).PostAsync("/v1/events", body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
    }

    [TestCase(null)]
    [TestCase("text/plain")]
    public async Task Resolve_WithoutOrWithWrongContentType_Answers415(string? contentType)
    {
        await using var host = await TestHost.StartAsync();
        var body = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"outcome":"prevented"}"""));
        if (contentType is not null)
            body.Headers.ContentType = new(contentType);

        var problem = await ProblemAsync(await host.Client(TestHost.SupervisorKey).PostAsync("/v1/alerts/al-1/resolve", body), HttpStatusCode.UnsupportedMediaType);

        Assert.That((string?)problem["detail"], Does.StartWith("POST /v1/alerts/al-1/resolve takes a body with Content-Type application/json; the request sent "));
    }

    [TestCase("Testing")]
    [TestCase("Development")]
    public async Task Alerts_LimitNotANumber_Answers400NamingLimit(string environment)
    {
        await using var host = await TestHost.StartAsync(environment: environment);

        var problem = await ProblemAsync(await host.Client(TestHost.SupervisorKey).GetAsync("/v1/alerts?limit=abc"), HttpStatusCode.BadRequest);

        Assert.Multiple(() =>
        {
            Assert.That(problem["errors"]!["limit"]![0]!.GetValue<string>(), Is.EqualTo("expected a whole number, got \"abc\""));
            Assert.That((string?)problem["detail"], Does.StartWith("limit: expected a whole number, got \"abc\". Fix it"));
        });
    }

    [TestCase("Testing")]
    [TestCase("Development")]
    public async Task Stream_LastEventIdNotANumber_Answers400NamingIt(string environment)
    {
        await using var host = await TestHost.StartAsync(environment: environment);

        var problem = await ProblemAsync(await host.Client(TestHost.SupervisorKey).GetAsync("/v1/alerts/stream?lastEventId=abc"), HttpStatusCode.BadRequest);

        Assert.That(problem["errors"]!["lastEventId"]![0]!.GetValue<string>(), Is.EqualTo("expected a whole number, got \"abc\""));
    }

    [TestCase("Testing")]
    [TestCase("Development")]
    public async Task Resolve_BodyNotJson_Answers400NamingTheBodyWithLineAndColumn(string environment)
    {
        await using var host = await TestHost.StartAsync(environment: environment);

        var response = await host.Client(TestHost.SupervisorKey).PostAsync("/v1/alerts/al-1/resolve", new StringContent("{", Encoding.UTF8, "application/json"));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem["errors"]!["body"]![0]!.GetValue<string>(),
            Is.EqualTo("is not valid JSON at line 1, column 2: the document ends too early: a closing }, ] or \" is missing"));
    }

    [Test]
    public async Task Resolve_OutcomeNotText_Answers400NamingOutcome()
    {
        await using var host = await TestHost.StartAsync();

        var response = await host.Client(TestHost.SupervisorKey).PostAsJsonAsync("/v1/alerts/al-1/resolve", new { outcome = 5 });

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem["errors"]!["outcome"]![0]!.GetValue<string>(), Is.EqualTo("expected text in double quotes"));
    }

    [Test]
    public async Task Settings_PutWithoutContentType_Answers415()
    {
        await using var host = await TestHost.StartAsync();

        var response = await host.Client(TestHost.AdminKey).PutAsync("/v1/settings", new ByteArrayContent("{}"u8.ToArray()));

        var problem = await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.That((string?)problem["detail"], Is.EqualTo("PUT /v1/settings takes a body with Content-Type application/json; the request sent none."));
    }

    private static async Task<JsonNode> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((response.StatusCode, response.Content.Headers.ContentType?.MediaType), Is.EqualTo((status, "application/problem+json")), text);
        return JsonNode.Parse(text)!;
    }
}
