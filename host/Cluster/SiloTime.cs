namespace RiskTriggers.Host.Cluster;

/// <summary>
/// Real time for the silo's membership loops, with timestamps counted from the silo's start instead of the machine's
/// boot. Why: the Orleans watchdog starts its platform thread before it stamps the component check's first timestamp,
/// so on a busy machine the platform thread can read that stamp while it is still 0 and warn that the participant check
/// "has not completed" for the machine's whole uptime (Orleans 10.4.2, Watchdog.Start). Counted from the silo's start,
/// an unstamped 0 is the start itself, and a real stall is still measured and reported as before.
/// </summary>
internal sealed class SiloTime : TimeProvider
{
    private readonly long _origin = System.GetTimestamp();

    public override long GetTimestamp() => System.GetTimestamp() - _origin;
}
