using RiskTriggers.Engine.Settings;

namespace RiskTriggers.Host.Settings;

/// <summary>Loads the settings in force when the host starts and follows their changes, logging each switch.</summary>
internal sealed class LiveSettingsStarter(LiveSettings live, ILogger<LiveSettingsStarter> logger) : IHostedService, IDisposable
{
    private IDisposable? _switches;
    private IDisposable? _faults;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _switches = live.Switched.Subscribe(s => logger.LogInformation("Settings v{Version} in force", s.Version));
        _faults = live.Faults.Subscribe(ex => logger.LogWarning(ex, "Could not reload the settings; v{Version} stays in force", live.Current.Version));
        await live.StartAsync(cancellationToken);
        logger.LogInformation("Settings v{Version} loaded", live.Current.Version);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        _switches?.Dispose();
        _faults?.Dispose();
    }
}
