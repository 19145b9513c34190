using RiskTriggers.Engine.Events;

namespace RiskTriggers.Engine.Pipeline;

/// <summary>
/// One move of a replay's clock: handle <see cref="Event"/>, or (no event) advance the clock to <see cref="At"/>,
/// firing every deadline due by then. <see cref="Worker"/> is the partition worker that owns the event's customer
/// in a parallel replay (0 otherwise).
/// </summary>
internal readonly record struct ReplayMove(DateTimeOffset At, InteractionEvent? Event, int Worker = 0)
{
    public bool IsAdvance => Event is null;
}

/// <summary>
/// The replay loop as data: the clock starts at the first event's time and moves forward to each later event's
/// time before that event is handled (never back: a late event is handled at the clock's time), then on by the
/// drain after the last event. Sequential and parallel replays both play these moves, so they move alike.
/// </summary>
internal static class ReplayMoves
{
    public static IEnumerable<ReplayMove> Of(IEnumerable<InteractionEvent> events, TimeSpan drain, Func<InteractionEvent, int>? workerOf = null)
    {
        DateTimeOffset? clock = null;
        foreach (var e in events)
        {
            if (clock is null)
                clock = e.OccurredAt;
            else if (e.OccurredAt > clock)
            {
                clock = e.OccurredAt;
                yield return new ReplayMove(e.OccurredAt, null);
            }
            yield return new ReplayMove(e.OccurredAt, e, workerOf?.Invoke(e) ?? 0);
        }
        if (clock is { } last)
            yield return new ReplayMove(last + drain, null);
    }
}
