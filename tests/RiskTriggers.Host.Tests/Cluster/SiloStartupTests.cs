using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using RiskTriggers.Host.Cluster;
using RiskTriggers.Host.Streams;

namespace RiskTriggers.Host.Tests.Cluster;

/// <summary>
/// The embedded default's silo (no Redis: one localhost silo beside the in-process engine) starts quietly: no
/// warning a newcomer would take for trouble, no second host's lifetime lines, and membership on a clock whose
/// unstamped timestamps read as the silo's start rather than the machine's boot.
/// </summary>
[NonParallelizable]
public sealed class SiloStartupTests
{
    [Test]
    public async Task EmbeddedSilo_Start_LogsNoWarningAndNoLifetimeOfItsOwn()
    {
        var logs = new RecordingLogs();
        await using var silo = await StartEmbeddedSiloAsync(logs);

        Assert.Multiple(() =>
        {
            Assert.That(logs.Entries.Where(e => e.Level >= LogLevel.Warning).Select(e => $"{e.Category}[{e.EventId}] {e.Message}"), Is.Empty);
            Assert.That(logs.Entries.Where(e => e.Category == "Microsoft.Hosting.Lifetime").Select(e => e.Message), Is.Empty);
            // The recorder hears the silo at all (else both checks above would pass on silence).
            Assert.That(logs.Entries, Has.Some.Matches<LogEntry>(e => e.Category.StartsWith("Orleans", StringComparison.Ordinal)));
        });
    }

    [Test]
    public async Task EmbeddedSilo_MembershipClock_CountsFromTheSiloStart()
    {
        await using var silo = await StartEmbeddedSiloAsync(new RecordingLogs());
        var membership = silo.Services!.GetRequiredKeyedService<TimeProvider>(TimeProviderNames.Membership);

        // Orleans' watchdog may read a component timestamp before stamping it (0): that must be a moment ago, not
        // the machine's uptime, or it warns of a participant check "not completed" for hours.
        Assert.Multiple(() =>
        {
            Assert.That(membership, Is.InstanceOf<SiloTime>());
            Assert.That(membership.GetElapsedTime(0), Is.LessThan(TimeSpan.FromMinutes(1)));
            Assert.That(membership.GetUtcNow() - DateTimeOffset.UtcNow, Is.LessThan(TimeSpan.FromSeconds(5)), "real time");
        });
    }

    [Test]
    public void SiloLogs_ServerGcNotes_DroppedOthersOfTheSiloKept()
    {
        var logs = new RecordingLogs();
        var silo = new SiloLogs(logs).CreateLogger("Orleans.Runtime.Silo");

        silo.LogWarning(SiloLogs.ServerGcNote, "Note: Silo not running with ServerGC turned on - recommend checking app config");
        silo.LogWarning(SiloLogs.ServerGcNote, "Note: ServerGC only kicks in on multi-core systems");
        silo.LogWarning(SiloLogs.ServerGcNote, "Note: Silo is configured with verbose logging");
        silo.LogWarning(100000, "Some grains failed to deactivate");

        Assert.That(logs.Entries.Select(e => e.Message),
            Is.EqualTo(new[] { "Note: Silo is configured with verbose logging", "Some grains failed to deactivate" }));
    }

    private static async Task<SiloHost> StartEmbeddedSiloAsync(RecordingLogs logs)
    {
        var host = new ServiceCollection().AddSingleton<ILoggerFactory>(logs).BuildServiceProvider();
        var silo = new SiloHost(host, new SiloOptions(), new RedisOptions());
        await silo.StartAsync(CancellationToken.None);
        return silo;
    }

    private sealed record LogEntry(string Category, LogLevel Level, int EventId, string Message);

    /// <summary>A logger factory that keeps every entry from Information up, the host's configured default.</summary>
    private sealed class RecordingLogs : ILoggerFactory
    {
        private readonly ConcurrentQueue<LogEntry> _entries = new();

        public IReadOnlyList<LogEntry> Entries => _entries.ToArray();

        public ILogger CreateLogger(string categoryName) => new Recorder(categoryName, _entries);

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }

        private sealed class Recorder(string category, ConcurrentQueue<LogEntry> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                    entries.Enqueue(new LogEntry(category, logLevel, eventId.Id, formatter(state, exception)));
            }
        }
    }
}
