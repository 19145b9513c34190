namespace RiskTriggers.Host.Streams;

/// <summary>
/// Whether this host can work against Redis right now, as its stream consumer last found out. Changes are
/// logged once each way, so an outage reads as one "not ready" line and one "ready again" line.
/// </summary>
public sealed partial class RedisReadiness(ILogger<RedisReadiness> logger)
{
    private readonly Lock _gate = new();
    private bool? _ready;

    public bool IsReady
    {
        get
        {
            lock (_gate)
                return _ready == true;
        }
    }

    /// <summary>Why the host is not ready; empty when it is.</summary>
    public string Reason { get; private set; } = "starting";

    public void Ready()
    {
        lock (_gate)
        {
            if (_ready == true)
                return;
            var recovered = _ready == false;
            _ready = true;
            Reason = "";
            if (recovered)
                LogReadyAgain();
            else
                LogReady();
        }
    }

    public void NotReady(string reason)
    {
        lock (_gate)
        {
            Reason = reason;
            if (_ready == false)
                return;
            _ready = false;
            LogNotReady(reason);
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Redis ready")]
    private partial void LogReady();

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Redis ready again: resuming, pending entries first")]
    private partial void LogReadyAgain();

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Redis not ready, nothing is acknowledged until it is back: {Reason}")]
    private partial void LogNotReady(string reason);
}
