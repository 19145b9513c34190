using RiskTriggers.Engine.Events;

namespace RiskTriggers.Engine.State.DeadLetters;

/// <summary>The newest <c>capacity</c> dead letters in process memory; the oldest fall off, as from a capped Redis stream.</summary>
public sealed class InMemoryDeadLetters(int capacity = InMemoryDeadLetters.DefaultCapacity) : IDeadLetters
{
    public const int DefaultCapacity = 10_000;

    private readonly Lock _gate = new();
    private readonly LinkedList<Rejection> _newestFirst = new();

    public ValueTask DeadLetterAsync(Rejection rejection, CancellationToken ct = default)
    {
        lock (_gate)
        {
            _newestFirst.AddFirst(rejection);
            if (_newestFirst.Count > capacity)
                _newestFirst.RemoveLast();
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<Rejection>> RecentAsync(int max, CancellationToken ct = default)
    {
        lock (_gate)
            return ValueTask.FromResult<IReadOnlyList<Rejection>>([.. _newestFirst.Take(Math.Max(0, max))]);
    }
}
