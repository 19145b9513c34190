using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using RiskTriggers.Host.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace RiskTriggers.Host.Tests.Browser;

/// <summary>
/// The dashboard in a real headless Chromium, the Debian package at /usr/bin/chromium (./test.sh installs it and the
/// Noto CJK fonts; no browser is ever downloaded). Each test saves a screenshot as a test attachment.
/// </summary>
[Category("Browser")]
public sealed class DashboardBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly string[] LaunchArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    /// <summary>Records desktop notifications instead of showing them, as if the user had allowed them.</summary>
    private const string NotificationRecorder = """
        window.__notified = [];
        window.Notification = class {
          constructor(title, options) { window.__notified.push(title + " | " + ((options && options.body) || "")); }
          static get permission() { return "granted"; }
          static requestPermission() { return Promise.resolve("granted"); }
        };
        """;

    private TestHost _host = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        if (!File.Exists(Chromium))
            Assert.Fail($"the browser tests need Chromium at {Chromium}: apt-get install -y chromium (./test.sh does)");
        _host = await TestHost.StartAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = LaunchArgs });
        SetDefaultExpectTimeout((float)TestHost.Timeout.TotalMilliseconds);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_host is not null) await _host.DisposeAsync();
    }

    [Test]
    public async Task Dashboard_AlertPostedThenAckedAndResolved_RowAppearsAndChanges()
    {
        var page = await OpenAsync(_host);

        var (threat, frustrated) = (Ev.Ix(), Ev.Ix());
        var p1 = await _host.RaiseAsync(threat, Ev.Threat(threat, queue: "billing"));
        await _host.RaiseAsync(frustrated, Ev.Frustrated(frustrated, queue: "tech"));
        var row = page.Locator($"tr[data-alert-id='{p1.Alert.AlertId}']");
        await Expect(row).ToBeVisibleAsync();
        await Expect(row.Locator(".badge")).ToHaveTextAsync("P1");
        await Expect(row).ToContainTextAsync("我要投诉");

        await row.Locator("button.ack").ClickAsync();
        await Expect(row.Locator("[data-role=status]")).ToHaveTextAsync("acknowledged");
        await Expect(row.Locator("[data-role=acked]")).ToHaveTextAsync(new Regex(@"^by supervisor · \d\d:\d\d"));
        await Expect(page.Locator("#load tr[data-agent='agent-01'] [data-role=acked]")).Not.ToHaveTextAsync("0");
        await SaveScreenshotAsync(page, "dashboard-acknowledged.png", "after Ack: who acknowledged and when");

        await row.Locator("button.resolve").ClickAsync();
        await Expect(page.Locator("#resolveConfirm")).ToBeDisabledAsync();
        await page.CheckAsync("#outcomes input[value=prevented]");
        await page.FillAsync("#note", "called the customer back; complaint withdrawn");
        await page.ClickAsync("#resolveConfirm");
        await Expect(row).ToHaveCountAsync(0);

        var resolved = await _host.Client(TestHost.SupervisorKey).GetFromJsonAsync<JsonElement>($"/v1/alerts/{p1.Alert.AlertId}");
        Assert.That((resolved.GetProperty("outcome").GetString(), resolved.GetProperty("note").GetString()),
            Is.EqualTo(("prevented", "called the customer back; complaint withdrawn")));
    }

    [Test]
    public async Task Dashboard_NewP1_AnnouncedInTitleRowAndNotification_CountOnlyWhileOpen()
    {
        var page = await OpenAsync(_host, NotificationRecorder);
        await Expect(page.Locator("#sound")).Not.ToBeCheckedAsync();

        var ix = Ev.Ix();
        var p1 = await _host.RaiseAsync(ix, Ev.Threat(ix));
        var row = page.Locator($"tr[data-alert-id='{p1.Alert.AlertId}']");

        await Expect(row).ToHaveClassAsync(new Regex(@"\bfresh\b"));
        await Expect(page).ToHaveTitleAsync(new Regex(@"^\(\d+\) New P1 · RiskTriggers"));
        await Expect(page.Locator("#announce")).ToContainTextAsync(ix);
        var notified = await page.EvaluateAsync<string[]>("window.__notified");
        Assert.That(notified, Has.Some.StartsWith("P1 · EscalationThreat | " + ix));
        var openP1 = int.Parse(await page.Locator("#c-P1").InnerTextAsync());
        await Expect(page.Locator("#load tr[data-agent='agent-01']")).ToBeVisibleAsync();
        await SaveScreenshotAsync(page, "dashboard-new-p1.png", "a new P1: banner, highlighted row, title");

        await row.Locator("button.ack").ClickAsync();

        await Expect(page.Locator("#c-P1")).ToHaveTextAsync((openP1 - 1).ToString(), new() { Timeout = 5_000 });
        await Expect(page.Locator("#a-P1")).ToContainTextAsync("acked");
        await Expect(page.Locator("#load tr[data-agent='agent-01'] [data-role=acked]")).Not.ToHaveTextAsync("0");
        await Expect(row).Not.ToHaveClassAsync(new Regex(@"\bfresh\b"));
        await Expect(page).Not.ToHaveTitleAsync(new Regex("New P1"));
    }

    [Test]
    public async Task Dashboard_TwoAlertsOfOneInteraction_OneGroup()
    {
        var page = await OpenAsync(_host);
        var ix = Ev.Ix();

        var first = await _host.RaiseAsync(ix, Ev.Frustrated(ix));
        var second = await _host.RaiseAsync(ix, Ev.Threat(ix));

        var group = page.Locator($"tbody[data-interaction-id='{ix}']");
        await Expect(group).ToHaveCountAsync(1);
        await Expect(group.Locator("tr.alert")).ToHaveCountAsync(2);
        await Expect(group.Locator($"tr[data-alert-id='{first.Alert.AlertId}']")).ToBeVisibleAsync();
        await Expect(group.Locator($"tr[data-alert-id='{second.Alert.AlertId}']")).ToBeVisibleAsync();
        await Expect(group.Locator("[data-role=group-size]")).ToHaveTextAsync("2 alerts");
        Assert.That(await group.Locator("tr.alert").First.GetAttributeAsync("data-alert-id"), Is.EqualTo(second.Alert.AlertId), "the P1 leads its group");
        await group.ScrollIntoViewIfNeededAsync();
        await SaveScreenshotAsync(page, "dashboard-grouped.png", "two alerts of one interaction in one group", fullPage: true);
    }

    [Test]
    public async Task Dashboard_FiltersInTheUrl_SurviveAReload()
    {
        var page = await OpenAsync(_host);
        var (p1, p3) = (Ev.Ix(), Ev.Ix());
        await _host.RaiseAsync(p1, Ev.Threat(p1, queue: "billing"));
        await _host.RaiseAsync(p3, Ev.Frustrated(p3, queue: "billing"));

        await page.SelectOptionAsync("#f-priority", "P1");
        await page.SelectOptionAsync("#f-queue", "billing");
        Assert.That(page.Url, Does.Contain("priority=P1").And.Contain("queue=billing"));

        await page.ReloadAsync();

        await Expect(page.Locator("#connText")).ToHaveTextAsync("live");
        await Expect(page.Locator("#f-priority")).ToHaveValueAsync("P1");
        await Expect(page.Locator("#f-queue")).ToHaveValueAsync("billing");
        await Expect(page.Locator($"tbody[data-interaction-id='{p1}']")).ToHaveCountAsync(1);
        await Expect(page.Locator($"tbody[data-interaction-id='{p3}']")).ToHaveCountAsync(0);
        var badges = await page.Locator("tr.alert .badge").AllInnerTextsAsync();
        Assert.That(badges, Is.Not.Empty.And.All.EqualTo("P1"));
        await SaveScreenshotAsync(page, "dashboard-filtered.png", "priority=P1&queue=billing after a reload");
    }

    [TestCase(AlertBooks.Embedded)]
    [TestCase(AlertBooks.Redis)]
    public async Task Dashboard_TwentyAlertsAt1400x900_FifteenRowsVisibleWithLoadChartAndPrecision(string book)
    {
        await using var books = new AlertBooks(book);
        await using var host = await TestHost.StartAsync(books.Settings());
        var events = Enumerable.Range(0, 20).Select(i => i % 7 == 0
            ? Ev.Threat(Ev.Ix(), agentId: $"agent-0{i % 4 + 1}", queue: i % 2 == 0 ? "billing" : "tech")
            : Ev.Frustrated(Ev.Ix(), agentId: $"agent-0{i % 4 + 1}", queue: i % 2 == 0 ? "billing" : "tech")).ToArray();
        await host.PostEventsAsync(events);
        var page = await OpenAsync(host);
        await Expect(page.Locator("tr.alert")).ToHaveCountAsync(20);

        var visible = await page.EvaluateAsync<int>("""
            [...document.querySelectorAll("tr.alert")].filter(r => { const b = r.getBoundingClientRect(); return b.top >= 0 && b.bottom <= innerHeight; }).length
            """);
        Assert.That(visible, Is.GreaterThanOrEqualTo(15), "compact rows: at least 15 alerts on a 1400×900 screen");

        // The panels refresh together: once the chart counts all 20, the load panel is as fresh.
        await Expect(page.Locator("#timelineTotal")).ToHaveTextAsync("20 alerts");
        await Expect(page.Locator("#load tr[data-agent]")).ToHaveCountAsync(4);
        var open = await page.Locator("#load [data-role=open]").AllInnerTextsAsync();
        Assert.That(open.Sum(int.Parse), Is.EqualTo(20));
        var bars = await page.EvaluateAsync<int[]>("""
            ["P1","P2","P3","P4"].map(p => [...document.querySelectorAll(`#timeline rect[data-priority=${p}]`)].reduce((s, r) => s + +r.dataset.count, 0))
            """);
        Assert.That(bars, Is.EqualTo(new[] { 3, 0, 17, 0 }), "the chart shows the alerts per priority as raised");

        var rows = page.Locator("tr.alert.P3");
        foreach (var outcome in new[] { "prevented", "falseAlarm", "complaintFollowed" })
        {
            await rows.First.Locator("button.resolve").ClickAsync();
            await page.CheckAsync($"#outcomes input[value={outcome}]");
            await page.ClickAsync("#resolveConfirm");
            await Expect(page.Locator("#resolveDialog")).Not.ToBeVisibleAsync();
        }
        await Expect(page.Locator("#precision tr[data-rule=SingleSignal] [data-role=precision]")).ToContainTextAsync("67%");
        await SaveScreenshotAsync(page, $"dashboard-20-alerts-{book}.png", $"20 alerts at 1400×900 on the {book} alert book: rows visible, load, chart, precision");
    }

    [Test]
    public async Task Dashboard_UnacknowledgedAlert_CountsDownThenShowsThePriorityBeforeEscalation()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await TestHost.StartAsync(services: s => s.AddSingleton<TimeProvider>(time));
        var page = await OpenAsync(host);
        var ix = Ev.Ix();

        var raised = await host.RaiseAsync(ix, Ev.Message(ix, Ev.FrustratedText, at: time.GetUtcNow()));
        var row = page.Locator($"tr[data-alert-id='{raised.Alert.AlertId}']");
        await Expect(row.Locator("[data-countdown]")).ToHaveTextAsync(new Regex(@"^escalates in [45]:\d\d$"));
        await Expect(row.Locator("[data-role=priority]")).ToHaveTextAsync("P3");
        await SaveScreenshotAsync(page, "dashboard-countdown.png", "an open alert counting down to its escalation");

        // To the engine's escalatesAt exactly: the message's reply deadline (a millisecond later) has not fallen due yet,
        // so the escalation is the only change.
        time.SetUtcNow(raised.Alert.EscalatesAt!.Value);

        await Expect(row.Locator("[data-role=priority]")).ToHaveTextAsync("P3→P2");
        await Expect(row.Locator("[data-countdown]")).ToHaveCountAsync(0);
        await Expect(row.Locator("[data-role=escalated]")).ToHaveTextAsync("escalated");
        await Expect(page.Locator("#timelineTotal")).ToHaveTextAsync("1 alert");
        await SaveScreenshotAsync(page, "dashboard-escalated.png", "escalated: P3→P2");
    }

    [Test]
    public async Task Dashboard_ChineseText_RendersInANotoCjkFontNotTofu()
    {
        var page = await OpenAsync(_host);
        var ix = Ev.Ix();
        var alert = await _host.RaiseAsync(ix, Ev.Threat(ix));
        var phrase = page.Locator($"tr[data-alert-id='{alert.Alert.AlertId}'] .phrase");
        await Expect(phrase).ToHaveTextAsync("我要投诉");

        // Chromium says which installed font drew the text: a CJK font, with every glyph found.
        var fonts = await PlatformFontsAsync(page, $"tr[data-alert-id='{alert.Alert.AlertId}'] .phrase");

        // Every glyph of the span came from a Noto CJK face (a tofu box would come from some other, last-resort font).
        Assert.That(fonts.Select(f => f.Family), Is.Not.Empty.And.All.StartsWith("Noto Sans CJK"), string.Join(", ", fonts));
        Assert.That(fonts.Sum(f => f.Glyphs), Is.GreaterThanOrEqualTo(4), string.Join(", ", fonts));
        await phrase.ScrollIntoViewIfNeededAsync();
        await SaveScreenshotAsync(page, "dashboard-cjk.png", "我要投诉 in Noto Sans CJK");
    }

    private async Task<IPage> OpenAsync(TestHost host, string? initScript = null)
    {
        var context = await _browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        if (initScript is not null)
            await context.AddInitScriptAsync(initScript);
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(host.BaseAddress, "/").ToString());
        await page.FillAsync("#key", TestHost.SupervisorKey);
        await page.ClickAsync("#keyForm button[type=submit]");
        await Expect(page.Locator("#connText")).ToHaveTextAsync("live");
        return page;
    }

    private static async Task<List<(string Family, int Glyphs)>> PlatformFontsAsync(IPage page, string selector)
    {
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("DOM.enable");
        await cdp.SendAsync("CSS.enable");
        var root = (await cdp.SendAsync("DOM.getDocument"))!.Value.GetProperty("root").GetProperty("nodeId").GetInt32();
        var node = (await cdp.SendAsync("DOM.querySelector", new() { ["nodeId"] = root, ["selector"] = selector }))!.Value.GetProperty("nodeId").GetInt32();
        var fonts = (await cdp.SendAsync("CSS.getPlatformFontsForNode", new() { ["nodeId"] = node }))!.Value.GetProperty("fonts");
        return [.. fonts.EnumerateArray().Select(f => (f.GetProperty("familyName").GetString()!, f.GetProperty("glyphCount").GetInt32()))];
    }

    private static async Task SaveScreenshotAsync(IPage page, string name, string description, bool fullPage = false)
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, name);
        await page.ScreenshotAsync(new() { Path = path, FullPage = fullPage });
        TestContext.AddTestAttachment(path, description);
        TestContext.Progress.WriteLine($"screenshot: {path}");
    }
}
