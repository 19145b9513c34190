namespace RiskTriggers.Engine.Tests.Support;

/// <summary>A clock that stands still until a test moves it.</summary>
internal sealed class ManualTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
