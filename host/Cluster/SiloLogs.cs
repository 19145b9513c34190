using System.Runtime;

namespace RiskTriggers.Host.Cluster;

/// <summary>
/// The host's loggers for the silo, less the silo's start-up notes that it is not on Server GC: the host runs
/// Workstation GC on purpose (docs/engine-core.md), so the notes ask for nothing an operator should do. Every other
/// silo message, its other warnings included, goes to the host's loggers unchanged.
/// </summary>
internal sealed class SiloLogs(ILoggerFactory host) : ILoggerFactory
{
    /// <summary>Orleans' <c>ErrorCode.SiloGcWarning</c>, the event of the Server GC notes.</summary>
    internal const int ServerGcNote = 100405;

    public ILogger CreateLogger(string categoryName) => categoryName == "Orleans.Runtime.Silo"
        ? new WithoutServerGcNotes(host.CreateLogger(categoryName))
        : host.CreateLogger(categoryName);

    public void AddProvider(ILoggerProvider provider) => host.AddProvider(provider);

    /// <summary>The host's factory is the host's to dispose.</summary>
    public void Dispose()
    {
    }

    private sealed class WithoutServerGcNotes(ILogger silo) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => silo.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => silo.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // The same event also notes verbose logging; only the Server GC notes are dropped, and only on Workstation GC.
            if (eventId.Id == ServerGcNote && !GCSettings.IsServerGC && formatter(state, exception).Contains("ServerGC", StringComparison.Ordinal))
                return;
            silo.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
