using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using RiskTriggers.Host.Cli;
using RiskTriggers.Host.Tests.Support;

namespace RiskTriggers.Host.Tests.Cli;

/// <summary>
/// <c>serve</c> started the ways an operator starts it: a mistake is one line and a non-zero exit, never a stack
/// trace; the standard ASP.NET Core ways to set the address work. Processes where the terminal matters.
/// </summary>
public sealed class ServeCommandTests
{
    [Test]
    public async Task Serve_PortInUse_OneLineNamingThePortAndExit2()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var (exit, output, error) = await HostProcess.RunAsync(null, "serve", "--urls", $"http://127.0.0.1:{port}");

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(2));
            Assert.That(error, Is.EqualTo(new[] { $"serve: port {port} is in use (http://127.0.0.1:{port}); pass --urls or set ASPNETCORE_URLS" }));
            Assert.That(output, Has.None.Contains("Exception").And.None.StartsWith("   at ").And.None.StartsWith("fail:"));
        });
    }

    [TestCase("nonsense", "serve: 'nonsense' (from --urls) is not an address to listen on; expected a URL such as http://127.0.0.1:5080 or http://0.0.0.0:8080")]
    [TestCase("http://127.0.0.1:99999", "serve: 'http://127.0.0.1:99999' (from --urls) has port 99999; a port is 0 to 65535 (0 picks a free one)")]
    [TestCase("ftp://127.0.0.1:21", "serve: 'ftp://127.0.0.1:21' (from --urls) is not an http:// or https:// address")]
    public async Task Serve_BadUrl_OneLineAndExit2(string url, string line)
    {
        var (exit, output, error) = await HostProcess.RunAsync(null, "serve", "--urls", url);

        Assert.That((exit, error, output.Any(l => l.Contains("Exception"))), Is.EqualTo((2, new[] { line }, false)));
    }

    [TestCase("serve")]
    [TestCase("worker")]
    public async Task RedisUnreachableAtStart_OneLineNamingItAndExit2(string verb)
    {
        var redis = $"127.0.0.1:{FreePort()}"; // nothing listens there

        string[] ports = verb == "serve"
            ? ["--urls", $"http://127.0.0.1:{FreePort()}"]
            : ["--silo-port", FreePort().ToString(), "--gateway-port", FreePort().ToString()];

        var (exit, _, error) = await HostProcess.RunAsync(new Dictionary<string, string?> { ["RiskTriggers__Redis__ConnectionString"] = redis }, [verb, .. ports]);

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(2));
            Assert.That(error.Last(), Does.StartWith($"{verb}: cannot reach Redis at '{redis}' (")
                .And.EndWith("); start redis-server there or fix RiskTriggers:Redis:ConnectionString"));
            Assert.That(string.Join("\n", error), Does.Not.Contain("Unhandled exception"));
        });
    }

    [Test]
    public async Task Serve_BadAspNetCoreUrls_NamesTheVariable()
    {
        var (exit, _, error) = await HostProcess.RunAsync(new Dictionary<string, string?> { ["ASPNETCORE_URLS"] = "localhost:8080" }, "serve");

        Assert.That((exit, error.Single()), Is.EqualTo((2,
            "serve: 'localhost:8080' (from ASPNETCORE_URLS or the urls setting) is not an address to listen on; expected a URL such as http://127.0.0.1:5080 or http://0.0.0.0:8080")));
    }

    [Test]
    public async Task Serve_AspNetCoreUrls_ListensThere()
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        using var serve = HostProcess.Start(new Dictionary<string, string?> { ["ASPNETCORE_URLS"] = url }, "serve");

        await serve.WaitForOutputAsync(l => l.Contains($"Dashboard: {url}/"));

        using var http = new HttpClient { BaseAddress = new Uri(url) };
        Assert.That(await http.GetStringAsync("/health/live"), Is.EqualTo("Healthy"));
    }

    [Test]
    public async Task Serve_UrlsOption_WinsOverAspNetCoreUrls()
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        using var serve = HostProcess.Start(new Dictionary<string, string?> { ["ASPNETCORE_URLS"] = "http://127.0.0.1:1" }, "serve", "--urls", url);

        var line = await serve.WaitForOutputAsync(l => l.Contains("Dashboard: "));

        using var http = new HttpClient { BaseAddress = new Uri(url) };
        Assert.That((line.Trim(), await http.GetStringAsync("/health/live")), Is.EqualTo(($"Dashboard: {url}/", "Healthy")));
    }

    [Test]
    public async Task Serve_SettingOnTheCommandLine_IsTakenAsConfiguration()
    {
        var (exit, _, error) = await HostProcess.RunAsync(null, "serve", "--urls", "http://127.0.0.1:0", "--RiskTriggers:MaxBatchSize=0");

        Assert.That((exit, error.FirstOrDefault()), Is.EqualTo((2, "serve: the configuration is not valid:")));
        Assert.That(error, Has.Some.Contains("MaxBatchSize"));
    }

    [Test]
    public async Task Serve_InDevelopment_PrintsEveryConfiguredKeyWithWhatItIsFor()
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        using var serve = HostProcess.Start(new Dictionary<string, string?> { ["DOTNET_ENVIRONMENT"] = "Development" }, "serve", "--urls", url);

        await serve.WaitForOutputAsync(l => l.Contains("dev-admin"));
        await serve.WaitForOutputAsync(l => l.Contains("settings get --url"));

        var output = serve.Output;
        Assert.Multiple(() =>
        {
            // host/appsettings.json configures one key per role.
            foreach (var (key, purpose) in new[] { ("dev-ingest", "send events"), ("dev-supervisor", "every alert"), ("dev-agent-01", "agent agent-01's alerts"), ("dev-admin", "settings") })
                Assert.That(output.Where(l => l.Contains(key)).FirstOrDefault(), Does.Contain(purpose), key);
        });
    }

    [Test]
    public async Task Serve_InProduction_PrintsNoKeys()
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        using var serve = HostProcess.Start(null, "serve", "--urls", url);

        await serve.WaitForOutputAsync(l => l.Contains("Ops:"));

        // Only the warning that dev keys are configured here names them, and no key itself.
        Assert.That(serve.Output.Where(l => l.Contains("dev-ingest") || l.Contains("X-Api-Key")), Is.Empty);
    }

    [TestCase("--simulat", "serve: unknown option '--simulat'; did you mean --simulate?")]
    [TestCase("--url", "serve: unknown option '--url'; did you mean --urls?")]
    [TestCase("--enviroment", "serve: unknown option '--enviroment'; did you mean --environment?")]
    [TestCase("--verbose", "serve: unknown option '--verbose'; see risktriggers serve --help (settings go as --Section:Key=value, e.g. --RiskTriggers:MaxBatchSize=500)")]
    [TestCase("extra", "serve: unexpected argument 'extra'; see risktriggers serve --help (settings go as --Section:Key=value, e.g. --RiskTriggers:MaxBatchSize=500)")]
    [TestCase("--RiskTriggers:MaxBatchSize", "serve: '--RiskTriggers:MaxBatchSize' needs a value, e.g. --RiskTriggers:MaxBatchSize=500 or --RiskTriggers:MaxBatchSize 500")]
    public async Task Serve_MistypedArgument_SaysWhatWasMeantAndExits1(string argument, string line)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);

        var exit = await CommandLine.Build().Parse(["serve", argument]).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });

        Assert.That((exit, error.ToString().TrimEnd(), output.ToString()), Is.EqualTo((1, line, "")));
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
