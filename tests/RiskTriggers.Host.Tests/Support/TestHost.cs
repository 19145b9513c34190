using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RiskTriggers.Host.Delivery;
using RiskTriggers.Host.Hosting;

namespace RiskTriggers.Host.Tests.Support;

/// <summary>
/// The real host on Kestrel, listening on a free loopback port, with test keys and (optionally) a fake clock
/// or other overrides. <see cref="Watch"/> awaits delivery with a bounded timeout instead of sleeping.
/// </summary>
internal sealed class TestHost : IAsyncDisposable
{
    public const string IngestKey = "test-ingest-key";
    public const string SupervisorKey = "test-supervisor-key";
    public const string Agent1Key = "test-agent-01-key";
    public const string Agent2Key = "test-agent-02-key";
    public const string AdminKey = "test-admin-key";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly string _contentRoot;

    private TestHost(WebApplication app, string contentRoot)
    {
        App = app;
        _contentRoot = contentRoot;
        BaseAddress = new Uri(app.Urls.First());
    }

    public WebApplication App { get; }
    public Uri BaseAddress { get; }
    public IServiceProvider Services => App.Services;

    public static WebApplication Build(Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, string? contentRoot = null,
        string environment = "Testing")
    {
        var config = new Dictionary<string, string?>
        {
            ["RiskTriggers:ApiKeys:0:Key"] = IngestKey, ["RiskTriggers:ApiKeys:0:Role"] = "ingest",
            ["RiskTriggers:ApiKeys:1:Key"] = SupervisorKey, ["RiskTriggers:ApiKeys:1:Role"] = "supervisor",
            ["RiskTriggers:ApiKeys:2:Key"] = Agent1Key, ["RiskTriggers:ApiKeys:2:Role"] = "agent", ["RiskTriggers:ApiKeys:2:AgentId"] = "agent-01",
            ["RiskTriggers:ApiKeys:3:Key"] = Agent2Key, ["RiskTriggers:ApiKeys:3:Role"] = "agent", ["RiskTriggers:ApiKeys:3:AgentId"] = "agent-02",
            ["RiskTriggers:ApiKeys:4:Key"] = AdminKey, ["RiskTriggers:ApiKeys:4:Role"] = "admin",
            // These tests pin the lexicon's alerts; the model's are tested on their own (DissatisfactionHostTests).
            ["RiskTriggers:DissatisfactionModel"] = "off",
        };
        foreach (var (key, value) in settings ?? [])
            config[key] = value;
        var root = contentRoot ?? Directory.CreateTempSubdirectory("risktriggers-test-").FullName;
        return RiskTriggersWebApp.Build([], "http://127.0.0.1:0", builder =>
        {
            builder.Configuration.AddInMemoryCollection(config);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            services?.Invoke(builder.Services);
        }, new WebApplicationOptions { EnvironmentName = environment, ContentRootPath = root });
    }

    /// <param name="environment">The host's environment; Development turns on what only it does (e.g. the pre-filled dashboard).</param>
    public static async Task<TestHost> StartAsync(Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null,
        string environment = "Testing")
    {
        var root = Directory.CreateTempSubdirectory("risktriggers-test-").FullName;
        var app = Build(settings, services, root, environment);
        await app.StartAsync();
        return new TestHost(app, root);
    }

    public HttpClient Client(string? key = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = Timeout };
        if (key is not null)
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    /// <summary>Starts watching the alert feed (before the action that should cause a notice).</summary>
    public FeedWatch Watch(Func<AlertNotice, bool> filter) =>
        new(Services.GetRequiredService<AlertFeed>().Subscribe("test", filter, null, 1_000));

    /// <summary>Posts events as a JSON array with the ingest key and returns the parsed answer.</summary>
    public async Task<JsonElement> PostEventsAsync(params object[] events)
    {
        using var client = Client(IngestKey);
        using var response = await client.PostAsJsonAsync("/v1/events", events);
        Assert.That((int)response.StatusCode, Is.EqualTo(202), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Posts the events and waits for the notice raised for <paramref name="interactionId"/>.</summary>
    public async Task<AlertNotice> RaiseAsync(string interactionId, params object[] events)
    {
        using var watch = Watch(n => n.Alert.InteractionId == interactionId && n.Change == AlertNotice.Raised);
        await PostEventsAsync(events);
        return await watch.NextAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        try { Directory.Delete(_contentRoot, recursive: true); } catch (IOException) { }
    }
}

internal sealed class FeedWatch(AlertFeed.Subscription subscription) : IDisposable
{
    public async Task<AlertNotice> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TestHost.Timeout);
        try
        {
            return await subscription.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no alert notice within {TestHost.Timeout}");
        }
    }

    public void Dispose() => subscription.Dispose();
}

/// <summary>Wire events for tests: "now"-stamped, unique ids.</summary>
internal static class Ev
{
    public static string Id(string prefix = "evt") => $"{prefix}-{Guid.NewGuid():N}"[..24];

    public static object Message(string interactionId, string text, string? agentId = "agent-01", string queue = "billing",
        string? tier = null, string? eventId = null, DateTimeOffset? at = null) => new
    {
        eventId = eventId ?? Id(),
        type = "customer_message",
        occurredAt = (at ?? DateTimeOffset.UtcNow).ToString("yyyy-MM-ddTHH:mm:ss.fffZ"),
        interactionId,
        customerId = "cust-" + interactionId,
        channel = "chat",
        queue,
        agentId,
        customerTier = tier,
        text,
    };

    /// <summary>
    /// A frustrated customer who says they will leave: P3 to the assigned agent (its churn phrase alone reaches
    /// the shipped <c>negativePhrase.minWeight</c> 3; frustration alone is left to the model).
    /// </summary>
    public static object Frustrated(string interactionId, string? agentId = "agent-01", string queue = "billing") =>
        Message(interactionId, FrustratedText, agentId, queue);

    public const string FrustratedText = "怎么回事，退款还没到账，我要销户";

    /// <summary>A complaint threat: P1 to the supervisor.</summary>
    public static object Threat(string interactionId, string? agentId = "agent-01", string queue = "billing") =>
        Message(interactionId, "我要投诉你们", agentId, queue);

    public static string Ix() => Id("ix");

    public static StringContent Ndjson(params object[] lines) =>
        new(string.Join("\n", lines.Select(l => l as string ?? JsonSerializer.Serialize(l))), Encoding.UTF8, "application/x-ndjson");
}
