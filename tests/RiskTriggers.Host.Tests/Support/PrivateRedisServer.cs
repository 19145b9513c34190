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
        WaitUntilItAnswers();
    }

    /// <summary>
    /// Returns once the server answers PING with PONG (not LOADING, not refused): a host started before that fails
    /// its start-up, and on a loaded machine redis-server can take a while to listen.
    /// </summary>
    private void WaitUntilItAnswers()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            if (Pongs())
                return;
            if (_process!.HasExited || DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"redis-server on port {Port} did not answer PING within 20 s");
            Thread.Sleep(20); // polling a process we started, not waiting for behaviour under test
        }
    }

    private bool Pongs()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            using var stream = client.GetStream();
            stream.Write("PING\r\n"u8);
            var reply = new byte[16];
            stream.ReadTimeout = 1000;
            var read = stream.Read(reply);
            return read >= 5 && reply.AsSpan(0, 5).SequenceEqual("+PONG"u8);
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            return false;
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
