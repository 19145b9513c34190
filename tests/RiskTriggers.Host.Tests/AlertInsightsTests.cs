using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RiskTriggers.Engine.Alerts;
using RiskTriggers.Engine.Backtesting;
using RiskTriggers.Engine.Events;
using RiskTriggers.Host.Delivery;
using RiskTriggers.Host.Scoring;
using RiskTriggers.Host.Tests.Support;

namespace RiskTriggers.Host.Tests;

/// <summary>
/// Load per agent, alerts per hour, live precision and the outcome export, on a host whose clock is a fake one:
/// windows move only when the test advances it. Every endpoint counts only what the key may see. Run on both alert
/// books: the screen reads the same numbers from the embedded book and from Redis.
/// </summary>
[TestFixture(AlertBooks.Embedded)]
[TestFixture(AlertBooks.Redis, Category = "Redis")]
public sealed class AlertInsightsTests(string book)
{
    private AlertBooks _book = null!;
    private FakeTimeProvider _time = null!;
    private TestHost _host = null!;
    private HttpClient _supervisor = null!;

    [SetUp]
    public async Task StartHost()
    {
        _book = new AlertBooks(book);
        _time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        _host = await TestHost.StartAsync(_book.Settings(), services: s => s.AddSingleton<TimeProvider>(_time));
        _supervisor = _host.Client(TestHost.SupervisorKey);
    }

    [TearDown]
    public async Task StopHost()
    {
        _supervisor.Dispose();
        await _host.DisposeAsync();
        await _book.DisposeAsync();
    }

    [Test]
    public async Task AgentLoad_OpenAckedAndResolved_CountsUnresolvedPerAgent()
    {
        await RaiseAsync(Frustrated("agent-01"));
        var second = await RaiseAsync(Frustrated("agent-01"));
        var resolved = await RaiseAsync(Frustrated("agent-01"));
        await RaiseAsync(Frustrated("agent-02"));
        await _supervisor.PostAsync($"/v1/alerts/{second}/ack", null);
        await ResolveAsync(resolved, "prevented");

        var all = await _supervisor.GetFromJsonAsync<JsonElement>("/v1/alerts/load");
        var own = await _host.Client(TestHost.Agent1Key).GetFromJsonAsync<JsonElement>("/v1/alerts/load");

        Assert.That(Rows(all), Is.EqualTo(new[] { ("agent-01", 1, 1), ("agent-02", 1, 0) }));
        Assert.That(Rows(own), Is.EqualTo(new[] { ("agent-01", 1, 1) }), "an agent sees only its own load");

        static IEnumerable<(string?, int, int)> Rows(JsonElement load) => load.GetProperty("agents").EnumerateArray()
            .Select(a => (a.GetProperty("agentId").GetString(), a.GetProperty("open").GetInt32(), a.GetProperty("acknowledged").GetInt32()));
    }

    [Test]
    public async Task Timeline_AlertsTwoHoursApart_InTheirHoursWithTheRaisedPriority()
    {
        // Each answered at once: on Redis the partitions run on event time, and two idle hours would otherwise
        // (rightly) fire their reply deadlines as new alerts of this hour.
        foreach (var message in new[] { Threat("agent-01"), Frustrated("agent-01"), Frustrated("agent-02") })
        {
            await RaiseAsync(message);
            await _host.PostEventsAsync(Reply(message));
        }
        _time.Advance(TimeSpan.FromHours(2));
        await RaiseAsync(Frustrated("agent-01"));

        var all = await _supervisor.GetFromJsonAsync<JsonElement>("/v1/alerts/timeline?hours=3");
        var own = await _host.Client(TestHost.Agent1Key).GetFromJsonAsync<JsonElement>("/v1/alerts/timeline?hours=3");

        var hour = new DateTimeOffset(_time.GetUtcNow().UtcDateTime.Date.AddHours(_time.GetUtcNow().UtcDateTime.Hour), TimeSpan.Zero);
        Assert.Multiple(() =>
        {
            Assert.That(all.GetProperty("buckets").GetArrayLength(), Is.EqualTo(3));
            Assert.That(all.GetProperty("buckets")[0].GetProperty("start").GetDateTimeOffset(), Is.EqualTo(hour.AddHours(-2)));
            Assert.That(all.GetProperty("until").GetDateTimeOffset(), Is.EqualTo(hour.AddHours(1)));
            Assert.That(Counts(all), Is.EqualTo(new[] { (1, 0, 2, 0), (0, 0, 0, 0), (0, 0, 1, 0) }),
                "the two-hour-old alerts stay with the priority they were raised with, though they escalated since");
            Assert.That(Counts(own), Is.EqualTo(new[] { (1, 0, 1, 0), (0, 0, 0, 0), (0, 0, 1, 0) }), "an agent counts only its own alerts");
        });

        static IEnumerable<(int, int, int, int)> Counts(JsonElement t) => t.GetProperty("buckets").EnumerateArray().Select(b =>
            (b.GetProperty("P1").GetInt32(), b.GetProperty("P2").GetInt32(), b.GetProperty("P3").GetInt32(), b.GetProperty("P4").GetInt32()));
    }

    [Test]
    public async Task Precision_OutcomesOfOneRule_UsefulShareWithTheWilsonInterval()
    {
        foreach (var outcome in new[] { "prevented", "complaintFollowed", "falseAlarm", "prevented" })
            await ResolveAsync(await RaiseAsync(Frustrated("agent-01")), outcome);
        await RaiseAsync(Frustrated("agent-01"));

        var report = await _supervisor.GetFromJsonAsync<JsonElement>("/v1/alerts/precision");

        var rule = report.GetProperty("rules").EnumerateArray().Single();
        var (low, high) = WilsonInterval.Of(3, 4)!.Value;
        Assert.Multiple(() =>
        {
            Assert.That(report.GetProperty("days").GetInt32(), Is.EqualTo(7), "the default window");
            Assert.That(rule.GetProperty("rule").GetString(), Is.EqualTo("SingleSignal"));
            Assert.That((rule.GetProperty("resolved").GetInt32(), rule.GetProperty("useful").GetInt32(), rule.GetProperty("prevented").GetInt32(),
                rule.GetProperty("complaintFollowed").GetInt32(), rule.GetProperty("falseAlarms").GetInt32()), Is.EqualTo((4, 3, 2, 1, 1)),
                "the open alert is not counted");
            Assert.That(rule.GetProperty("precision").GetDouble(), Is.EqualTo(0.75));
            Assert.That(rule.GetProperty("precisionLow").GetDouble(), Is.EqualTo(low).Within(1e-12));
            Assert.That(rule.GetProperty("precisionHigh").GetDouble(), Is.EqualTo(high).Within(1e-12));
            Assert.That(report.GetProperty("overall").GetProperty("resolved").GetInt32(), Is.EqualTo(4));
        });
    }

    [Test]
    public async Task Precision_ResolvedLongerAgoThanTheWindow_LeftOut()
    {
        await ResolveAsync(await RaiseAsync(Frustrated("agent-01")), "falseAlarm");
        _time.Advance(TimeSpan.FromDays(3));

        var week = await _supervisor.GetFromJsonAsync<JsonElement>("/v1/alerts/precision?days=7");
        var twoDays = await _supervisor.GetFromJsonAsync<JsonElement>("/v1/alerts/precision?days=2");

        Assert.That(week.GetProperty("overall").GetProperty("falseAlarms").GetInt32(), Is.EqualTo(1));
        Assert.That(twoDays.GetProperty("rules").GetArrayLength(), Is.Zero);
        Assert.That(twoDays.GetProperty("overall").GetProperty("precision").ValueKind, Is.EqualTo(JsonValueKind.Null), "no resolutions, no precision");
    }

    [Test]
    public async Task Precision_AgentKey_OnlyItsOwnResolutions()
    {
        await ResolveAsync(await RaiseAsync(Frustrated("agent-01")), "prevented");
        await ResolveAsync(await RaiseAsync(Frustrated("agent-02")), "falseAlarm");

        var own = await _host.Client(TestHost.Agent2Key).GetFromJsonAsync<JsonElement>("/v1/alerts/precision");

        var overall = own.GetProperty("overall");
        Assert.That((overall.GetProperty("resolved").GetInt32(), overall.GetProperty("falseAlarms").GetInt32()), Is.EqualTo((1, 1)));
    }

    [TestCase("/v1/alerts/precision?days=0", "days")]
    [TestCase("/v1/alerts/precision?days=366", "days")]
    [TestCase("/v1/alerts/timeline?hours=0", "hours")]
    [TestCase("/v1/alerts/timeline?hours=73", "hours")]
    [TestCase("/v1/alerts/outcomes?days=0", "days")]
    [TestCase("/v1/alerts/outcomes?format=csv", "format")]
    [TestCase("/v1/alerts/outcomes?days=week", "days")]
    public async Task Query_OutOfRange_400ProblemNamingTheParameter(string path, string field)
    {
        using var response = await _supervisor.GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("errors").TryGetProperty(field, out _), Is.True, problem.ToString());
    }

    [Test]
    public async Task Outcomes_Labels_OneLinePerResolvedAlertOldestFirst()
    {
        var prevented = await ResolveAsync(await RaiseAsync(Frustrated("agent-01")), "prevented", "called back");
        _time.Advance(TimeSpan.FromMinutes(1));
        var followed = await ResolveAsync(await RaiseAsync(Threat("agent-02")), "complaintFollowed");
        await RaiseAsync(Frustrated("agent-01"));

        using var response = await _supervisor.GetAsync("/v1/alerts/outcomes");

        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/x-ndjson"));
        var lines = Lines(await response.Content.ReadAsStringAsync());
        Assert.Multiple(() =>
        {
            Assert.That(lines.Select(l => l.GetProperty("alertId").GetString()), Is.EqualTo(new[] { prevented, followed }), "resolved only, oldest first");
            Assert.That(lines.Select(l => l.GetProperty("outcome").GetString()), Is.EqualTo(new[] { "prevented", "complaintFollowed" }));
            Assert.That(lines[0].GetProperty("note").GetString(), Is.EqualTo("called back"));
            Assert.That(lines[0].GetProperty("evidence")[0].GetProperty("phrase").GetString(), Is.EqualTo("怎么回事, 销户"), "labels carry the evidence");
            Assert.That(lines[1].GetProperty("originalPriority").GetString(), Is.EqualTo("P1"));
        });
    }

    [Test]
    public async Task Outcomes_Events_AComplaintFiledPerComplaintFollowedThatTheBacktestScores()
    {
        var raised = await RaiseNoticeAsync(Frustrated("agent-01"));
        await ResolveAsync(await RaiseAsync(Frustrated("agent-01")), "prevented");
        _time.Advance(TimeSpan.FromMinutes(20));
        await ResolveAsync(raised.Alert.AlertId, "complaintFollowed", "filed with 12315");

        var text = await _supervisor.GetStringAsync("/v1/alerts/outcomes?format=events");

        var read = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => EventReader.Read(l, new EventLimits())).ToList();
        var complaint = read.Single().Event;
        Assert.Multiple(() =>
        {
            Assert.That(read.Single().Errors, Is.Empty, "a valid event of the input schema");
            Assert.That(complaint!.Type, Is.EqualTo(EventType.ComplaintFiled));
            Assert.That(complaint.EventId, Is.EqualTo("outcome-" + raised.Alert.AlertId));
            Assert.That((complaint.InteractionId, complaint.CustomerId), Is.EqualTo((raised.Alert.InteractionId, raised.Alert.CustomerId)));
            Assert.That(complaint.OccurredAt, Is.EqualTo(_time.GetUtcNow()), "the time the complaint was recorded");
            Assert.That(complaint.Text, Does.Contain("filed with 12315"));
        });
        var engineAlert = new Alert(raised.Alert.AlertId, raised.Alert.Rule, raised.Alert.Priority, raised.Alert.Audience, raised.Alert.InteractionId,
            raised.Alert.CustomerId, raised.Alert.AgentId, raised.Alert.Queue, raised.Alert.Channel, raised.Alert.RaisedAt, [], "");
        var score = BacktestScorer.Score([engineAlert], [complaint!], 1, TimeSpan.FromHours(24));
        Assert.That(score.Overall.AlertsFollowed, Is.EqualTo(1), "the backtest counts the alert as followed by the exported complaint");
    }

    [Test]
    public async Task Outcomes_AgentKey_OnlyItsOwnResolutions()
    {
        await ResolveAsync(await RaiseAsync(Frustrated("agent-01")), "prevented");
        var own = await ResolveAsync(await RaiseAsync(Frustrated("agent-02")), "falseAlarm");

        var text = await _host.Client(TestHost.Agent2Key).GetStringAsync("/v1/alerts/outcomes");

        Assert.That(Lines(text).Select(l => l.GetProperty("alertId").GetString()), Is.EqualTo(new[] { own }));
    }

    [Test]
    public async Task AlertView_Escalated_ShowsThePriorityBeforeAndNoCountdown()
    {
        var id = await RaiseAsync(Frustrated("agent-01"));
        var before = await _supervisor.GetFromJsonAsync<JsonElement>($"/v1/alerts/{id}");
        using var watch = _host.Watch(n => n.Alert.AlertId == id && n.Change == AlertNotice.Escalated);

        _time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        await watch.NextAsync();
        var list = await _supervisor.GetFromJsonAsync<JsonElement>("/v1/alerts?agentId=agent-01");

        var after = list.GetProperty("alerts").EnumerateArray().Single(a => a.GetProperty("alertId").GetString() == id);
        Assert.Multiple(() =>
        {
            Assert.That(before.GetProperty("escalatesAt").GetDateTimeOffset(), Is.EqualTo(before.GetProperty("ackDueAt").GetDateTimeOffset()));
            Assert.That((after.GetProperty("originalPriority").GetString(), after.GetProperty("priority").GetString()), Is.EqualTo(("P3", "P2")));
            Assert.That(after.GetProperty("escalatesAt").ValueKind, Is.EqualTo(JsonValueKind.Null), "escalates only once");
            Assert.That(list.GetProperty("asOf").GetDateTimeOffset(), Is.EqualTo(_time.GetUtcNow()), "the list says what 'now' is on the host's clock");
        });
    }

    private object Frustrated(string agent) => Ev.Message(Ev.Ix(), Ev.FrustratedText, agent, at: _time.GetUtcNow());

    private object Reply(object message)
    {
        string Field(string name) => (string)message.GetType().GetProperty(name)!.GetValue(message)!;
        return new
        {
            eventId = Ev.Id(), type = "agent_message", occurredAt = _time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss.fffZ"),
            interactionId = Field("interactionId"), customerId = Field("customerId"), channel = "chat", queue = "billing",
            agentId = Field("agentId"), text = "我来帮您处理",
        };
    }

    private object Threat(string agent) => Ev.Message(Ev.Ix(), "我要投诉你们", agent, at: _time.GetUtcNow());

    /// <summary>Posts one event and returns the id of the alert it raised.</summary>
    private async Task<string> RaiseAsync(object message) => (await RaiseNoticeAsync(message)).Alert.AlertId;

    private Task<AlertNotice> RaiseNoticeAsync(object message) =>
        _host.RaiseAsync((string)message.GetType().GetProperty("interactionId")!.GetValue(message)!, message);

    private async Task<string> ResolveAsync(string id, string outcome, string? note = null)
    {
        using var response = await _supervisor.PostAsJsonAsync($"/v1/alerts/{id}/resolve", new { outcome, note });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return id;
    }

    private static List<JsonElement> Lines(string text) =>
        [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
}
