using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Engine.Settings.History;
using RiskTriggers.Engine.Settings.Stores;
using RiskTriggers.Engine.Shadow;
using RiskTriggers.Host.Settings;
using RiskTriggers.Host.Streams;
using StackExchange.Redis;

namespace RiskTriggers.Host.Tests.Settings;

public sealed class SettingsServicesTests
{
    [Test]
    public void AddRiskTriggersSettings_NoRedisConfigured_KeepsTheHistoryInMemory()
    {
        using var services = new ServiceCollection().AddLogging().AddRiskTriggersSettings().BuildServiceProvider();

        Assert.That(services.GetRequiredService<ISettingsStore>(), Is.TypeOf<InMemorySettingsStore>());
    }

    [Test]
    public void AddRiskTriggersSettings_RedisConfigured_KeepsTheHistoryOnTheHostsConnection()
    {
        // abortConnect=false: nothing here talks to Redis, so no server is needed.
        using var redis = ConnectionMultiplexer.Connect("127.0.0.1:1,abortConnect=false,connectTimeout=100");
        using var services = new ServiceCollection().AddLogging().AddSingleton<IConnectionMultiplexer>(redis)
            .Configure<RedisOptions>(o => o.ConnectionString = "127.0.0.1:1").AddRiskTriggersSettings().BuildServiceProvider();

        Assert.That(services.GetRequiredService<ISettingsStore>(), Is.TypeOf<RedisSettingsStore>());
    }

    [Test]
    public void AddRiskTriggersSettings_AfterAFixedSettingsSource_LiveSettingsReplaceIt()
    {
        var collection = new ServiceCollection().AddSingleton<ISettingsSource>(new FixedSettings(RiskSettings.BuiltIn));

        using var services = collection.AddLogging().AddRiskTriggersSettings().BuildServiceProvider();

        Assert.Multiple(() =>
        {
            Assert.That(services.GetRequiredService<ISettingsSource>(), Is.SameAs(services.GetRequiredService<LiveSettings>()));
            Assert.That(services.GetRequiredService<ShadowRun>(), Is.Not.Null);
        });
    }

    [Test]
    public void AddRiskTriggersSettings_HostedServicesRegisteredBefore_SettingsLoadFirst()
    {
        var collection = new ServiceCollection().AddLogging();
        collection.AddHostedService<Other>();

        collection.AddRiskTriggersSettings().AddRiskTriggersSettings();

        Assert.That(collection.Where(d => d.ServiceType == typeof(IHostedService)).Select(d => d.ImplementationType?.Name),
            Is.EqualTo(new[] { "LiveSettingsStarter", nameof(Other) }));
    }

    private sealed class Other : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
    }
}
