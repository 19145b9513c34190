using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using RiskTriggers.Host.Ingestion;
using RiskTriggers.Host.Tests.Support;

namespace RiskTriggers.Host.Tests;

/// <summary>
/// The served OpenAPI document against the app: every endpoint is an operation, each operation lists exactly the
/// answers its endpoint declares, and a real request proves every documented answer. Adding an endpoint, an answer
/// or a policy without the other side fails here.
/// </summary>
public sealed partial class OpenApiTests
{
    /// <summary>Routes that are not part of the API description, and why.</summary>
    private static readonly Dictionary<string, string> NotApi = new()
    {
        ["/"] = "the dashboard page",
        ["/openapi/{documentName}.json"] = "the document itself",
        ["/hubs/alerts"] = "SignalR: its own protocol, in docs/api.md",
        ["/hubs/alerts/negotiate"] = "SignalR: its own protocol, in docs/api.md",
        ["/health/live"] = "a probe, in docs/operations.md",
        ["/health/ready"] = "a probe, in docs/operations.md",
        ["/metrics"] = "Prometheus text, in docs/operations.md",
    };

    private static readonly Dictionary<string, string> KeyOfRole = new()
    {
        ["ingest"] = TestHost.IngestKey, ["agent"] = TestHost.Agent1Key, ["supervisor"] = TestHost.SupervisorKey, ["admin"] = TestHost.AdminKey,
    };

    private TestHost _host = null!;
    private JsonElement _document;

    [SetUp]
    public async Task StartHost()
    {
        // The examples are lines of samples/events.jsonl, dated in the past; the age check must not decide about them.
        _host = await TestHost.StartAsync(new() { ["RiskTriggers:Intake:MaxAge"] = "3650.00:00:00" });
        _document = await _host.Client().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
    }

    [TearDown]
    public async Task StopHost() => await _host.DisposeAsync();

    [Test]
    public void OpenApi_EveryRoutedEndpoint_IsAnOperationAndNoneIsInvented()
    {
        var routed = ApiEndpoints().Select(e => e.Operation).Order().ToList();

        Assert.That(DocumentedOperations().Select(o => o.Operation).Order().ToList(), Is.EqualTo(routed));
        Assert.That(routed, Has.Count.GreaterThanOrEqualTo(18), "the v1 API has at least 18 operations");
    }

    [Test]
    public void OpenApi_EveryOperation_ListsExactlyTheAnswersItsEndpointDeclares()
    {
        var documented = DocumentedOperations().ToDictionary(o => o.Operation, o => o.Codes);
        Assert.Multiple(() =>
        {
            foreach (var (operation, endpoint) in ApiEndpoints())
            {
                var declared = endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Select(m => m.StatusCode).Distinct().Order().ToList();
                Assert.That(documented[operation], Is.EqualTo(declared), $"{operation}: documented answers vs the endpoint's Produces metadata");
                if (endpoint.Metadata.OfType<IAuthorizeData>().Any())
                    Assert.That(declared, Does.Contain(401).And.Contain(403), $"{operation} requires a key: declare 401 and 403 (RequireApiKey)");
            }
        });
    }

    [Test]
    public void OpenApi_SecuredOperations_NameTheSchemesAndRolesTheHostEnforces()
    {
        var schemes = _document.GetProperty("components").GetProperty("securitySchemes");
        Assert.That(schemes.GetProperty("ApiKey").GetProperty("in").GetString(), Is.EqualTo("header"));
        Assert.That(schemes.GetProperty("ApiKey").GetProperty("name").GetString(), Is.EqualTo("X-Api-Key"));
        Assert.That(schemes.GetProperty("AccessToken").GetProperty("name").GetString(), Is.EqualTo("access_token"));
        Assert.That(schemes.GetProperty("ApiKeyBearer").GetProperty("scheme").GetString(), Is.EqualTo("bearer"));

        Assert.Multiple(() =>
        {
            foreach (var op in DocumentedOperations())
            {
                string[] expected = op.Tag switch
                {
                    "Ingestion" => ["ingest", "admin"],
                    "Alerts" or "Delivery" => ["agent", "supervisor", "admin"],
                    "Settings" => ["admin"],
                    _ => throw new AssertionException($"{op.Operation}: no expectation for tag {op.Tag}"),
                };
                string[] ways = op.Id == "StreamAlerts" ? ["ApiKey", "ApiKeyBearer", "AccessToken"] : ["ApiKey", "ApiKeyBearer"];
                Assert.That(op.Security.Keys, Is.EquivalentTo(ways), $"{op.Operation}: ways to send the key");
                Assert.That(op.Security.Values, Has.All.EquivalentTo(expected), $"{op.Operation}: roles");
            }
        });
    }

    [Test]
    public async Task OpenApi_EveryDocumentedAnswer_IsOneARealRequestGets()
    {
        var probes = await RunProbesAsync();

        var operations = DocumentedOperations().ToDictionary(o => o.Id);
        Assert.Multiple(() =>
        {
            foreach (var probe in probes)
            {
                if (!operations.TryGetValue(probe.Id, out var op))
                {
                    Assert.Fail($"{probe.Id} ({probe.Why}) is not an operation of the document");
                    continue;
                }
                Assert.That(probe.Status, Is.EqualTo(probe.Expected), $"{probe.Id} {probe.Why}: {probe.Body}");
                Assert.That(op.Codes, Does.Contain(probe.Expected), $"{probe.Id} answers {probe.Expected} ({probe.Why}) but does not document it");
                if (op.ContentTypes.TryGetValue(probe.Expected, out var type) && type is not null)
                    Assert.That(probe.ContentType, Is.EqualTo(type), $"{probe.Id} {probe.Expected}: content type");
            }
            foreach (var op in operations.Values)
            {
                var proven = probes.Where(p => p.Id == op.Id).Select(p => p.Expected).ToHashSet();
                Assert.That(op.Codes.Where(c => !proven.Contains(c)), Is.Empty, $"{op.Id}: documented answers no request here obtained");
            }
        });
    }

    [Test]
    public async Task OpenApi_RequestExamples_AreAcceptedByTheirOperation()
    {
        var alert = await _host.RaiseAsync("ix-example", Ev.Frustrated("ix-example"));
        var examples = 0;
        foreach (var op in DocumentedOperations().Where(o => o.Examples.Count > 0))
        {
            // The examples change something: where a call documents 200 (unchanged) beside 201 (created), 201.
            var success = op.Codes.Where(c => c is >= 200 and < 300).Max();
            foreach (var (contentType, name, value) in op.Examples)
            {
                examples++;
                var body = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
                using var response = await Send(TestHost.AdminKey, op.Method, op.Path.Replace("{id}", alert.Alert.AlertId, StringComparison.Ordinal),
                    new StringContent(body, Encoding.UTF8, contentType));
                var answer = await response.Content.ReadAsStringAsync();
                Assert.That((int)response.StatusCode, Is.EqualTo(success), $"{op.Id} example '{name}': {answer}");
                if (op.Id == "IngestEvents")
                    Assert.That(JsonDocument.Parse(answer).RootElement.GetProperty("rejected").GetInt32(), Is.Zero, $"example '{name}': {answer}");
            }
        }
        Assert.That(examples, Is.GreaterThanOrEqualTo(6), "events (3), resolve, settings and shadow bodies have examples");
    }

    [Test]
    public void OpenApi_EventBody_IsAnEventAnArrayOfEventsOrNdjson()
    {
        var content = _document.GetProperty("paths").GetProperty("/v1/events").GetProperty("post").GetProperty("requestBody").GetProperty("content");

        var oneOf = content.GetProperty("application/json").GetProperty("schema").GetProperty("oneOf");
        Assert.That(oneOf[0].GetProperty("$ref").GetString(), Is.EqualTo("#/components/schemas/EventEnvelope"));
        Assert.That(oneOf[1].GetProperty("type").GetString(), Is.EqualTo("array"));
        Assert.That(content.GetProperty("application/x-ndjson").GetProperty("schema").GetProperty("type").GetString(), Is.EqualTo("string"));
    }

    /// <summary>
    /// One request per documented answer, in an order that sets up what the next needs (an alert to acknowledge,
    /// a version to roll back to, a shadow to stop), plus 401 and 403 for every secured operation.
    /// </summary>
    private async Task<List<Probe>> RunProbesAsync()
    {
        var probes = new List<Probe>();
        async Task Expect(string id, int expected, string why, string? key, string method, string path, HttpContent? body = null)
        {
            using var response = await Send(key, method, path, body, streaming: id == "StreamAlerts");
            var text = id == "StreamAlerts" && response.IsSuccessStatusCode ? "(stream)" : await response.Content.ReadAsStringAsync();
            probes.Add(new Probe(id, expected, why, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, text));
        }
        static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
        const string Admin = TestHost.AdminKey, Supervisor = TestHost.SupervisorKey, Ingest = TestHost.IngestKey;

        var toAck = (await _host.RaiseAsync("ix-probe-ack", Ev.Frustrated("ix-probe-ack"))).Alert.AlertId;
        var toResolve = (await _host.RaiseAsync("ix-probe-resolve", Ev.Frustrated("ix-probe-resolve"))).Alert.AlertId;

        await Expect("IngestEvents", 202, "events", Ingest, "POST", "/v1/events", Json(EventExamples.Frustrated));
        await Expect("IngestEvents", 400, "not JSON", Ingest, "POST", "/v1/events", Json("nope"));
        await Expect("IngestEvents", 413, "body over MaxBodyBytes", Ingest, "POST", "/v1/events", Json(new string(' ', 1024 * 1024 + 1)));
        await Expect("IngestEvents", 415, "a body of text/plain", Ingest, "POST", "/v1/events", new StringContent(EventExamples.Frustrated, Encoding.UTF8, "text/plain"));
        probes.Add(await QueueFullProbeAsync());

        await Expect("ListAlerts", 200, "list", Supervisor, "GET", "/v1/alerts");
        await Expect("ListAlerts", 400, "unknown priority", Supervisor, "GET", "/v1/alerts?priority=P9");
        await Expect("GetAlert", 200, "visible alert", Supervisor, "GET", $"/v1/alerts/{toAck}");
        await Expect("GetAlert", 404, "another agent's alert", TestHost.Agent2Key, "GET", $"/v1/alerts/{toAck}");
        await Expect("AcknowledgeAlert", 200, "open alert", Supervisor, "POST", $"/v1/alerts/{toAck}/ack");
        await Expect("AcknowledgeAlert", 404, "unknown id", Supervisor, "POST", "/v1/alerts/al-none/ack");
        await Expect("ResolveAlert", 400, "no outcome", Supervisor, "POST", $"/v1/alerts/{toResolve}/resolve", Json("{}"));
        await Expect("ResolveAlert", 404, "unknown id", Supervisor, "POST", "/v1/alerts/al-none/resolve", Json("""{"outcome":"prevented"}"""));
        await Expect("ResolveAlert", 400, "unknown outcome", Supervisor, "POST", $"/v1/alerts/{toResolve}/resolve", Json("""{"outcome":"called back"}"""));
        await Expect("ResolveAlert", 200, "open alert", Supervisor, "POST", $"/v1/alerts/{toResolve}/resolve", Json("""{"outcome":"complaintFollowed"}"""));
        await Expect("ResolveAlert", 409, "resolved already", Supervisor, "POST", $"/v1/alerts/{toResolve}/resolve", Json("""{"outcome":"prevented"}"""));
        await Expect("AcknowledgeAlert", 409, "resolved alert", Supervisor, "POST", $"/v1/alerts/{toResolve}/ack");
        await Expect("GetAgentLoad", 200, "load", Supervisor, "GET", "/v1/alerts/load");
        await Expect("GetAlertTimeline", 200, "timeline", Supervisor, "GET", "/v1/alerts/timeline?hours=6");
        await Expect("GetAlertTimeline", 400, "hours 0", Supervisor, "GET", "/v1/alerts/timeline?hours=0");
        await Expect("GetRulePrecision", 200, "precision", Supervisor, "GET", "/v1/alerts/precision?days=7");
        await Expect("GetRulePrecision", 400, "days 0", Supervisor, "GET", "/v1/alerts/precision?days=0");
        await Expect("ExportOutcomes", 200, "labels", Supervisor, "GET", "/v1/alerts/outcomes");
        await Expect("ExportOutcomes", 200, "complaint events", Supervisor, "GET", "/v1/alerts/outcomes?format=events");
        await Expect("ExportOutcomes", 400, "unknown format", Supervisor, "GET", "/v1/alerts/outcomes?format=csv");
        await Expect("StreamAlerts", 200, "stream", Supervisor, "GET", "/v1/alerts/stream");
        await Expect("StreamAlerts", 400, "lastEventId not a number", Supervisor, "GET", "/v1/alerts/stream?lastEventId=abc");

        await Expect("GetSettings", 200, "version in force", Admin, "GET", "/v1/settings");
        await Expect("SaveSettings", 201, "valid document", Admin, "PUT", "/v1/settings", Json("""{"replyOverdue":{"after":"4m"}}"""));
        await Expect("SaveSettings", 200, "the same document again", Admin, "PUT", "/v1/settings", Json("""{"replyOverdue":{"after":"240s"}}"""));
        await Expect("SaveSettings", 400, "unknown key", Admin, "PUT", "/v1/settings", Json("""{"replyOverdue":{"aftr":"4m"}}"""));
        await Expect("ListSettingsHistory", 200, "history", Admin, "GET", "/v1/settings/history");
        await Expect("ListSettingsHistory", 400, "max 0", Admin, "GET", "/v1/settings/history?max=0");
        await Expect("GetSettingsVersion", 200, "saved version", Admin, "GET", "/v1/settings/1");
        await Expect("GetSettingsVersion", 404, "no such version", Admin, "GET", "/v1/settings/999");
        await Expect("RollbackSettings", 201, "to version 0", Admin, "POST", "/v1/settings/rollback/0");
        await Expect("RollbackSettings", 200, "to the defaults in force", Admin, "POST", "/v1/settings/rollback/0");
        await Expect("RollbackSettings", 404, "no such version", Admin, "POST", "/v1/settings/rollback/999");
        await Expect("GetShadowReport", 404, "no shadow", Admin, "GET", "/v1/settings/shadow/report");
        await Expect("StopShadow", 404, "no shadow", Admin, "DELETE", "/v1/settings/shadow");
        await Expect("StartShadow", 400, "invalid document", Admin, "PUT", "/v1/settings/shadow", Json("""{"replyOverdue":{"after":"-1m"}}"""));
        await Expect("StartShadow", 404, "no such version", Admin, "PUT", "/v1/settings/shadow?version=999");
        await Expect("StartShadow", 200, "candidate", Admin, "PUT", "/v1/settings/shadow", Json("""{"replyOverdue":{"after":"2m"}}"""));
        await Expect("GetShadowReport", 200, "running", Admin, "GET", "/v1/settings/shadow/report");
        await Expect("GetShadowReport", 400, "examples -1", Admin, "GET", "/v1/settings/shadow/report?examples=-1");
        await Expect("StopShadow", 204, "running", Admin, "DELETE", "/v1/settings/shadow");

        foreach (var op in DocumentedOperations().Where(o => o.Security.Count > 0))
        {
            var path = op.Path.Replace("{id}", "al-none", StringComparison.Ordinal).Replace("{version}", "0", StringComparison.Ordinal);
            await Expect(op.Id, 401, "no key", null, op.Method, path);
            var outsider = KeyOfRole.First(k => !op.Security.Values.First().Contains(k.Key)).Value;
            await Expect(op.Id, 403, "role not allowed", outsider, op.Method, path);
        }
        return probes;
    }

    /// <summary>503 needs a queue that stays full: a host of its own whose engine does not run.</summary>
    private static async Task<Probe> QueueFullProbeAsync()
    {
        await using var stalled = await TestHost.StartAsync(
            new() { ["RiskTriggers:QueueCapacity"] = "1", ["RiskTriggers:EnqueueTimeout"] = "00:00:00.050" },
            services => services.Remove(services.Single(d => d.ImplementationType == typeof(EmbeddedEngineRunner))));
        var ix = Ev.Ix(); // one customer, so one partition's inbox of 1
        using var response = await stalled.Client(TestHost.IngestKey).PostAsJsonAsync("/v1/events", new[] { Ev.Frustrated(ix), Ev.Frustrated(ix) });
        return new Probe("IngestEvents", 503, "queue full", (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType,
            await response.Content.ReadAsStringAsync());
    }

    private async Task<HttpResponseMessage> Send(string? key, string method, string path, HttpContent? body = null, bool streaming = false)
    {
        using var client = _host.Client(key);
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body };
        return await client.SendAsync(request, streaming ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead);
    }

    /// <summary>The app's endpoints that belong in the description, by "METHOD /path" as the document writes it.</summary>
    private List<(string Operation, RouteEndpoint Endpoint)> ApiEndpoints() =>
        [.. _host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Path: DocumentPath(e.RoutePattern.RawText ?? ""), Endpoint: e))
            .Where(e => !NotApi.ContainsKey(e.Path))
            .SelectMany(e => (e.Endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => ($"{m} {e.Path}", e.Endpoint)))];

    /// <summary>"/v1/settings/{version:int}/" → "/v1/settings/{version}".</summary>
    private static string DocumentPath(string route)
    {
        var path = "/" + RouteParameter().Replace(route, "{$1}").Trim('/');
        return path;
    }

    [GeneratedRegex(@"\{(\w+)(:[^}]*)?\}")]
    private static partial Regex RouteParameter();

    private IEnumerable<DocumentedOperation> DocumentedOperations()
    {
        foreach (var path in _document.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in path.Value.EnumerateObject())
            {
                var op = method.Value;
                var responses = op.GetProperty("responses").EnumerateObject().ToList();
                var security = op.TryGetProperty("security", out var s)
                    ? s.EnumerateArray().SelectMany(r => r.EnumerateObject()).ToDictionary(r => r.Name, r => r.Value.EnumerateArray().Select(v => v.GetString()!).ToArray())
                    : [];
                var examples = op.TryGetProperty("requestBody", out var requestBody)
                    ? requestBody.GetProperty("content").EnumerateObject()
                        .SelectMany(c => c.Value.TryGetProperty("examples", out var ex)
                            ? ex.EnumerateObject().Select(e => (c.Name, e.Name, e.Value.GetProperty("value")))
                            : [])
                        .ToList()
                    : [];
                var verb = method.Name.ToUpperInvariant();
                yield return new DocumentedOperation(
                    op.TryGetProperty("operationId", out var id) ? id.GetString()! : $"{verb} {path.Name} (no operationId)", verb, path.Name,
                    op.TryGetProperty("tags", out var tags) ? tags[0].GetString()! : "(no tag)",
                    [.. responses.Select(r => int.Parse(r.Name, System.Globalization.CultureInfo.InvariantCulture)).Order()],
                    responses.ToDictionary(r => int.Parse(r.Name, System.Globalization.CultureInfo.InvariantCulture),
                        r => r.Value.TryGetProperty("content", out var c) ? c.EnumerateObject().First().Name : null),
                    security, examples);
            }
        }
    }

    private sealed record DocumentedOperation(
        string Id, string Method, string Path, string Tag, List<int> Codes, Dictionary<int, string?> ContentTypes,
        Dictionary<string, string[]> Security, List<(string ContentType, string Name, JsonElement Value)> Examples)
    {
        public string Operation => $"{Method} {Path}";
    }

    private sealed record Probe(string Id, int Expected, string Why, int Status, string? ContentType, string Body);
}
