using System.Collections.Concurrent;
using System.Diagnostics;

namespace RiskTriggers.Host.Tests.Support;

/// <summary>
/// The risktriggers executable (copied into the test output) as a real process, with its own environment and
/// its stdout and stderr collected line by line; for what only a process shows (exit codes, what reaches the
/// terminal, environment variables).
/// </summary>
internal sealed class HostProcess : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<string> _error = new();

    private HostProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _error.Enqueue(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public IReadOnlyList<string> Output => _output.ToArray();

    public IReadOnlyList<string> Error => _error.ToArray();

    /// <summary>Starts the host with <paramref name="args"/>; <paramref name="environment"/> adds to (or, with null, removes from) the test's.</summary>
    public static HostProcess Start(IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "risktriggers.dll"), .. args])
            start.ArgumentList.Add(arg);
        // Whatever the test runner was started with must not decide where the host listens or how it runs.
        foreach (var inherited in (string[])["ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT"])
            start.Environment.Remove(inherited);
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
            start.Environment[name] = value;
        return new HostProcess(Process.Start(start)!);
    }

    /// <summary>Runs the host to its end and returns its exit code and what it wrote.</summary>
    public static async Task<(int Exit, IReadOnlyList<string> Output, IReadOnlyList<string> Error)> RunAsync(
        IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        using var host = Start(environment, args);
        var exit = await host.ExitAsync();
        return (exit, host.Output, host.Error);
    }

    public async Task<int> ExitAsync()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await _process.WaitForExitAsync(cts.Token);
        _process.WaitForExit(); // the redirected streams are read to their end only after this
        return _process.ExitCode;
    }

    /// <summary>The first stdout line that matches, waiting for it (bounded); fails if the process ends first.</summary>
    public async Task<string> WaitForOutputAsync(Func<string, bool> match)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Output.FirstOrDefault(match) is { } line)
                return line;
            if (_process.HasExited)
                break;
            await Task.Delay(50);
        }
        throw new AssertionException($"no such line on stdout; stdout:\n{string.Join("\n", Output)}\nstderr:\n{string.Join("\n", Error)}");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
        _process.Dispose();
    }
}
