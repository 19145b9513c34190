using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RiskTriggers.Engine.State.DeadLetters;
using RiskTriggers.Host.Ingestion;
using RiskTriggers.Host.Tests.Support;

namespace RiskTriggers.Host.Tests;

public sealed class IngestionTests
{
    private TestHost _host = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        _host = await TestHost.StartAsync(new() { ["RiskTriggers:MaxBatchSize"] = "5", ["RiskTriggers:MaxBodyBytes"] = "4096" });
        _client = _host.Client(TestHost.IngestKey);
    }

    [OneTimeTearDown]
    public async Task StopHost()
    {
        _client.Dispose();
        await _host.DisposeAsync();
    }

    [Test]
    public async Task PostEvents_SingleObject_Accepted202()
    {
        using var response = await _client.PostAsJsonAsync("/v1/events", Ev.Frustrated(Ev.Ix()));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That((body.GetProperty("accepted").GetInt32(), body.GetProperty("duplicates").GetInt32(), body.GetProperty("rejected").GetInt32()),
            Is.EqualTo((1, 0, 0)));
    }

    [Test]
    public async Task PostEvents_ArrayWithBadItemAndRepeat_CountsEachAndNamesFieldAndIndex()
    {
        var good = Ev.Frustrated(Ev.Ix());
        var bad = new { eventId = "bad-1", type = "customer_message", occurredAt = "yesterday", interactionId = "ix", customerId = "c", text = "x" };

        using var response = await _client.PostAsJsonAsync("/v1/events", new[] { good, bad, good });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("accepted").GetInt32(), Is.EqualTo(1));
            Assert.That(body.GetProperty("duplicates").GetInt32(), Is.EqualTo(1));
            Assert.That(body.GetProperty("rejected").GetInt32(), Is.EqualTo(1));
            var rejection = body.GetProperty("rejections")[0];
            Assert.That(rejection.GetProperty("index").GetInt32(), Is.EqualTo(1));
            Assert.That(rejection.GetProperty("eventId").GetString(), Is.EqualTo("bad-1"));
            Assert.That(rejection.GetProperty("field").GetString(), Is.EqualTo("occurredAt"));
            Assert.That(rejection.GetProperty("reason").GetString(), Does.Contain("ISO-8601"));
        });
    }

    [Test]
    public async Task PostEvents_Ndjson_EachLineIsAnItem()
    {
        using var response = await _client.PostAsync("/v1/events",
            Ev.Ndjson(Ev.Frustrated(Ev.Ix()), "{\"eventId\":\"nd-bad\",\"type\":\"nope\"}", Ev.Frustrated(Ev.Ix())));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(body.GetProperty("accepted").GetInt32(), Is.EqualTo(2));
        Assert.That(body.GetProperty("rejected").GetInt32(), Is.EqualTo(1));
        var fields = body.GetProperty("rejections").EnumerateArray().Select(r => (r.GetProperty("index").GetInt32(), r.GetProperty("field").GetString())).ToList();
        Assert.That(fields, Does.Contain((1, "type")));
    }

    [Test]
    public async Task PostEvents_SameEventIdTwice_SecondIsDuplicate()
    {
        var e = Ev.Frustrated(Ev.Ix());
        await _host.PostEventsAsync(e);

        var again = await _host.PostEventsAsync(e);

        Assert.That((again.GetProperty("accepted").GetInt32(), again.GetProperty("duplicates").GetInt32()), Is.EqualTo((0, 1)));
    }

    [Test]
    public async Task PostEvents_RejectedItem_KeptInDeadLetters()
    {
        var id = Ev.Id("dlq");
        using var _ = await _client.PostAsJsonAsync("/v1/events", new { eventId = id, type = "inquiry" });

        var letters = await _host.Services.GetRequiredService<IDeadLetters>().RecentAsync(100);

        var letter = letters.Single(l => l.EventId == id);
        Assert.That(letter.Errors.Select(e => e.Field), Does.Contain("occurredAt").And.Contain("interactionId"));
        Assert.That(letter.Source, Is.EqualTo("http"));
    }

    [Test]
    public async Task PostEvents_Dated2099_RejectedOnOccurredAtAndDeadLettered()
    {
        var id = Ev.Id("future");

        using var response = await _client.PostAsJsonAsync("/v1/events", Ev.Message(Ev.Ix(), "hello", eventId: id, at: new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        var rejection = body.GetProperty("rejections")[0];
        Assert.Multiple(() =>
        {
            Assert.That((body.GetProperty("accepted").GetInt32(), body.GetProperty("rejected").GetInt32()), Is.EqualTo((0, 1)));
            Assert.That(rejection.GetProperty("field").GetString(), Is.EqualTo("occurredAt"));
            Assert.That(rejection.GetProperty("reason").GetString(), Does.Contain("in the future"));
        });
        var letters = await _host.Services.GetRequiredService<IDeadLetters>().RecentAsync(100);
        Assert.That(letters.Single(l => l.EventId == id).Errors.Single().Field, Is.EqualTo("occurredAt"));
    }

    [Test]
    public async Task PostEvents_EveryItemRejected_400ProblemNamingEachFieldByIndex_WithTheCounts()
    {
        var bad = new { eventId = "all-bad-1", type = "customer_message", occurredAt = "yesterday", interactionId = "ix", customerId = "c", text = "x" };
        var unknown = new { eventId = "all-bad-2", type = "customer_shouted" };

        using var response = await _client.PostAsJsonAsync("/v1/events", new object[] { bad, unknown });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.Multiple(() =>
        {
            Assert.That(errors.GetProperty("[0].occurredAt")[0].GetString(), Does.Contain("ISO-8601"));
            Assert.That(errors.GetProperty("[1].type")[0].GetString(), Does.Contain("customer_shouted"));
            Assert.That((problem.GetProperty("accepted").GetInt32(), problem.GetProperty("rejected").GetInt32()), Is.EqualTo((0, 2)));
            Assert.That(problem.GetProperty("rejections").GetArrayLength(), Is.GreaterThanOrEqualTo(2));
        });
    }

    [Test]
    public async Task PostEvents_OnlyDuplicates_Still202_SoARetryIsNotAnError()
    {
        var e = Ev.Frustrated(Ev.Ix());
        await _host.PostEventsAsync(e);

        using var response = await _client.PostAsJsonAsync("/v1/events", new[] { e });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
    }

    [TestCase("this is not json", "not valid JSON")]
    [TestCase("", "empty")]
    [TestCase("   ", "empty")]
    [TestCase("[]", "array is empty")]
    [TestCase("42", "expected a JSON object or array")]
    public async Task PostEvents_UnusableBody_400ProblemNamingIt(string body, string expected)
    {
        using var response = await _client.PostAsync("/v1/events", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain(expected));
    }

    [Test]
    public async Task PostEvents_BatchLargerThanMax_400NamingTheLimit()
    {
        var batch = Enumerable.Range(0, 6).Select(_ => Ev.Frustrated(Ev.Ix())).ToArray();

        using var response = await _client.PostAsJsonAsync("/v1/events", batch);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("6 events").And.Contain("limit is 5"));
    }

    [Test]
    public async Task PostEvents_NdjsonLongerThanMax_400()
    {
        using var response = await _client.PostAsync("/v1/events", Ev.Ndjson([.. Enumerable.Range(0, 6).Select(_ => Ev.Frustrated(Ev.Ix()))]));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task PostEvents_BodyOverLimit_413WithClearMessage()
    {
        var huge = Ev.Message(Ev.Ix(), new string('x', 5_000));

        using var response = await _client.PostAsJsonAsync("/v1/events", huge);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("4,096 bytes"));
    }

    [Test]
    public async Task PostEvents_ChunkedBodyOverLimit_413()
    {
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(Ev.Message(Ev.Ix(), new string('y', 5_000))))));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/events") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
    }

    [Test]
    public async Task PostEvents_QueueFullAndEngineStalled_503WithRetryAfter()
    {
        await using var host = await TestHost.StartAsync(
            new() { ["RiskTriggers:QueueCapacity"] = "2", ["RiskTriggers:EnqueueTimeout"] = "00:00:00.050" },
            services => services.Remove(services.Single(d => d.ImplementationType == typeof(EmbeddedEngineRunner))));
        using var client = host.Client(TestHost.IngestKey);

        var ix = Ev.Ix(); // one customer, so one partition's inbox of 2
        using var response = await client.PostAsJsonAsync("/v1/events", new[] { Ev.Frustrated(ix), Ev.Frustrated(ix), Ev.Frustrated(ix) });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(1)));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("accepted").GetInt32(), Is.EqualTo(2));
    }
}
