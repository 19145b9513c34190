using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace RiskTriggers.Host.Tests.Support;

/// <summary>
/// A redis-server of a test's own, with AOF on in a temp directory, that the test can shut down and start
/// again on the same port and directory.
/// </summary>
internal sealed class PrivateRedisServer : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rt-redis-").FullName;
    private Process? _process;

    public int Port { get; } = FreePort();

    public string Endpoint => $"127.0.0.1:{Port}";

    public void Start()
    {
        var start = new ProcessStartInfo("redis-server")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "--port", Port.ToString(), "--bind", "127.0.0.1", "--appendonly", "yes", "--save", "", "--dir", _dir })
            start.ArgumentList.Add(arg);
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        WaitUntilListening();
    }

    /// <summary>
    /// A host started right after <see cref="Start"/> would otherwise race the server's start-up and fail its first
    /// connection (seen under load: the settings store's SUBSCRIBE refused), which is not what any test is about.
    /// </summary>
    private void WaitUntilListening()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(10) && _process is { HasExited: false })
            {
                Thread.Sleep(20);
            }
        }
    }

    /// <summary>SHUTDOWN NOSAVE (the AOF keeps what was written), then waits for the process to end.</summary>
    public void Shutdown()
    {
        using (var cli = Process.Start(new ProcessStartInfo("redis-cli", ["-p", Port.ToString(), "shutdown", "nosave"]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true })!)
            cli.WaitForExit(10_000);
        _process?.WaitForExit(10_000);
    }

    public void Dispose()
    {
        if (_process is { HasExited: false })
            _process.Kill();
        _process?.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
