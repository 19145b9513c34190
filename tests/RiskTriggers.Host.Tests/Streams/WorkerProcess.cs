using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace RiskTriggers.Host.Tests.Streams;

/// <summary>
/// A real <c>risktriggers worker</c> process (the host executable copied into the test output), with its log
/// lines collected. <see cref="Kill"/> ends it like a crash; <see cref="StopAsync"/> sends SIGTERM.
/// </summary>
internal sealed partial class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private WorkerProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; private init; } = "";

    public IReadOnlyList<string> Lines => _lines.ToArray();

    public bool HasExited => _process.HasExited;

    public static WorkerProcess Start(string redis, string prefix, string consumer, params string[] extra)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "risktriggers.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var arg in (string[])[dll, "worker", "--redis", redis, "--prefix", prefix, "--consumer", consumer, .. extra])
            start.ArgumentList.Add(arg);
        start.Environment["Logging__LogLevel__RiskTriggers"] = "Debug";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        return new WorkerProcess(Process.Start(start)!) { Name = consumer };
    }

    /// <summary>Event ids this worker logged as processed (not duplicates).</summary>
    public IEnumerable<string> ProcessedEventIds => Lines
        .Select(line => ProcessedLine().Match(line))
        .Where(m => m.Success)
        .Select(m => m.Groups["id"].Value);

    public bool Logged(string text) => Lines.Any(line => line.Contains(text, StringComparison.Ordinal));

    /// <summary>Ends the process and its children at once, as a crash or OOM kill would.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    /// <summary>SIGTERM, then waits (bounded) for the clean stop; returns the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan? timeout = null)
    {
        if (!_process.HasExited)
            _ = SendSignal(_process.Id, 15);
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public string Describe() => $"--- {Name} ---\n{string.Join("\n", Lines.TakeLast(60))}";

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    [System.Text.RegularExpressions.GeneratedRegex(@"Processed (?<id>\S+) \(entry")]
    private static partial System.Text.RegularExpressions.Regex ProcessedLine();
}
