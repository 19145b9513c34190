using RiskTriggers.Engine.Settings;

namespace RiskTriggers.Host.Tests.Support;

/// <summary>The host's settings, except that the first read throws: the first engine step fails, the rest run as usual.</summary>
internal sealed class FailingOnceSettings(ISettingsSource inner) : ISettingsSource
{
    private int _failed;

    public RiskSettings Current => Interlocked.Exchange(ref _failed, 1) == 0
        ? throw new InvalidOperationException("settings failure (test)")
        : inner.Current;
}
