using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Intake;

namespace RiskTriggers.Engine.State.DeadLetters;

/// <summary>
/// The events the intakes refused, kept for operators: bounded in process memory (<see cref="InMemoryDeadLetters"/>,
/// the embedded default) or the <c>rt:dlq</c> stream in Redis (<see cref="RedisDeadLetters"/>).
/// </summary>
public interface IDeadLetters : IDeadLetterSink
{
    /// <summary>The most recent dead letters, newest first.</summary>
    ValueTask<IReadOnlyList<Rejection>> RecentAsync(int max, CancellationToken ct = default);
}
