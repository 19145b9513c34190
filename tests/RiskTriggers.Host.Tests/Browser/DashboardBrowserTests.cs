using Microsoft.Playwright;
using RiskTriggers.Host.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace RiskTriggers.Host.Tests.Browser;

/// <summary>
/// The dashboard in a real headless Chromium, the Debian package at /usr/bin/chromium (./test.sh installs it;
/// no browser is ever downloaded). Post events, see the alert appear, acknowledge and resolve it.
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
        var page = await _browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        await page.GotoAsync(new Uri(_host.BaseAddress, "/").ToString());
        await page.FillAsync("#key", TestHost.SupervisorKey);
        await page.ClickAsync("#keyForm button[type=submit]");
        await Expect(page.Locator("#connText")).ToHaveTextAsync("live");

        var (threat, frustrated) = (Ev.Ix(), Ev.Ix());
        var p1 = await _host.RaiseAsync(threat, Ev.Threat(threat, queue: "billing"));
        await _host.RaiseAsync(frustrated, Ev.Frustrated(frustrated, queue: "tech"));
        var row = page.Locator($"tr[data-alert-id='{p1.Alert.AlertId}']");
        await Expect(row).ToBeVisibleAsync();
        await Expect(row.Locator(".badge")).ToHaveTextAsync("P1");
        await Expect(row).ToContainTextAsync("我要投诉");
        await Expect(page.Locator("#c-P1")).ToHaveTextAsync("1");
        await Expect(page.Locator("tbody tr").First).ToHaveAttributeAsync("data-alert-id", p1.Alert.AlertId);

        await row.Locator("button.ack").ClickAsync();
        await Expect(row.Locator("[data-role=status]")).ToHaveTextAsync("acknowledged");
        await SaveScreenshotAsync(page, "dashboard-acknowledged.png");

        await page.SelectOptionAsync("#queue", "tech");
        await Expect(row).ToHaveCountAsync(0);
        await page.SelectOptionAsync("#queue", "");

        await row.Locator("button.resolve").ClickAsync();
        await page.FillAsync("#outcome", "called the customer back; complaint withdrawn");
        await page.ClickAsync("#resolveConfirm");
        await Expect(row).ToHaveCountAsync(0);
        await Expect(page.Locator("#c-P1")).ToHaveTextAsync("0");
    }

    private static async Task SaveScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, name);
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path, "the dashboard after Ack");
        TestContext.Progress.WriteLine($"screenshot: {path}");
    }
}
