using RiskTriggers.Host.Tests.Support;

namespace RiskTriggers.Host.Tests;

/// <summary><c>GET /</c> needs no key, so the page must never give one away.</summary>
public sealed class DashboardTests
{
    private const string DevSupervisor = "dev-supervisor";

    [TestCase("Development")]
    [TestCase("Production")]
    public async Task Dashboard_ConfiguredSupervisorKey_IsNeverInThePage(string environment)
    {
        await using var host = await TestHost.StartAsync(environment: environment);

        var page = await host.Client().GetStringAsync("/");

        Assert.Multiple(() =>
        {
            Assert.That(page, Does.Not.Contain(TestHost.SupervisorKey).And.Not.Contain(TestHost.AdminKey));
            Assert.That(page, Does.Contain("const DEFAULT_KEY = \"\";"));
        });
    }

    [Test]
    public async Task Dashboard_DevelopmentWithTheDevSupervisorKey_ComesPrefilledWithIt()
    {
        await using var host = await TestHost.StartAsync(DevKey(), environment: "Development");

        var page = await host.Client().GetStringAsync("/");

        Assert.That(page, Does.Contain($"const DEFAULT_KEY = \"{DevSupervisor}\";"));
    }

    [Test]
    public async Task Dashboard_ProductionWithTheDevSupervisorKey_AsksForAKey()
    {
        await using var host = await TestHost.StartAsync(DevKey(), environment: "Production");

        var page = await host.Client().GetStringAsync("/");

        Assert.That(page, Does.Contain("const DEFAULT_KEY = \"\";"));
    }

    private static Dictionary<string, string?> DevKey() => new() { ["RiskTriggers:ApiKeys:1:Key"] = DevSupervisor };
}
