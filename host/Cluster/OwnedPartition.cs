using RiskTriggers.Engine.Alerts;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Partitions;
using RiskTriggers.Engine.Processing;

namespace RiskTriggers.Host.Cluster;

/// <summary>
/// A customer partition as its owner drives it on event time, with no I/O: every deadline fires when the watermark
/// (the latest event time read, less the allowed lateness) passes its due time, before any later event, and events
/// run in time order — what <c>replay</c> does on its virtual clock, so a backlog or a replayed day raises the same
/// alerts as a replay. An event that may not run yet (a deadline is due before it, or it is older than one already
/// run) is held until the watermark passes it.
/// The owner decides the watermark (<see cref="Advance"/>): from the events, or the wall clock when the stream is idle.
/// </summary>
internal sealed class OwnedPartition(CustomerPartition partition, TimeSpan lateness, string cursor, DateTimeOffset watermark)
{
    private readonly PriorityQueue<(InteractionEvent Event, EntryId Entry), (long Ticks, long Sequence)> _held = new();
    private readonly SortedSet<EntryId> _heldEntries = [];
    private readonly List<Alert> _alerts = [];
    private readonly List<AlertEscalation> _escalations = [];
    private EntryId? _lastRead;
    private long _sequence;
    private DateTimeOffset _latestEvent = DateTimeOffset.MinValue;
    private DateTimeOffset _lastHandled = DateTimeOffset.MinValue;

    public CustomerPartition Partition => partition;

    /// <summary>Events handled and deadline steps fired: the owner's counts.</summary>
    public long Handled { get; private set; }

    /// <summary>Event time reached: everything at or before it has been handled or has fired.</summary>
    public DateTimeOffset Watermark { get; private set; } = watermark;

    /// <summary>The watermark the events read so far allow (the latest event time less the lateness).</summary>
    public DateTimeOffset EventWatermark => _latestEvent == DateTimeOffset.MinValue ? DateTimeOffset.MinValue : _latestEvent - lateness;

    /// <summary>Where a new owner resumes: the first entry still held back, else after the last entry read.</summary>
    public string Cursor => _heldEntries.Count > 0 ? StreamCursor.From(_heldEntries.Min) : _lastRead is { } last ? StreamCursor.After(last) : cursor;

    /// <summary>Where to read on from: after the last entry read.</summary>
    public string ReadCursor => _lastRead is { } last ? StreamCursor.After(last) : cursor;

    public int Held => _held.Count;

    /// <summary>The last entry read, if any.</summary>
    public EntryId? LastRead => _lastRead;

    /// <summary>An entry read that carried no usable event (dead-lettered): only the position moves.</summary>
    public void Skip(EntryId entry) => _lastRead = entry;

    /// <summary>An event read from the entry, held until the watermark passes it.</summary>
    public void Take(InteractionEvent e, EntryId entry)
    {
        _lastRead = entry;
        _held.Enqueue((e, entry), (e.OccurredAt.UtcTicks, _sequence++));
        _heldEntries.Add(entry);
        if (e.OccurredAt > _latestEvent)
            _latestEvent = e.OccurredAt;
    }

    /// <summary>
    /// Moves event time to <paramref name="to"/> (never back): due deadlines and held events up to it run in time
    /// order, a deadline before an event of the same time (as on replay's clock). An event in time order with nothing
    /// due before it runs at once, ahead of the watermark: holding it back could change nothing, and live traffic
    /// should not wait for the lateness.
    /// </summary>
    public void Advance(DateTimeOffset to)
    {
        if (to > Watermark)
            Watermark = to;
        while (true)
        {
            var nextDue = partition.NextDue;
            var due = nextDue is { } d && d <= Watermark ? d : (DateTimeOffset?)null;
            var next = _held.TryPeek(out var held, out _) ? held : default;
            if (due is { } at && (next.Event is null || at <= next.Event.OccurredAt))
            {
                Collect(partition.FireDue(at));
            }
            else if (next.Event is { } e && (e.OccurredAt <= Watermark || InOrderWithNothingDue(e, nextDue)))
            {
                _held.Dequeue();
                _heldEntries.Remove(next.Entry);
                if (e.OccurredAt > _lastHandled)
                    _lastHandled = e.OccurredAt;
                Collect(partition.Handle(e));
            }
            else
            {
                return;
            }
        }
    }

    private bool InOrderWithNothingDue(InteractionEvent e, DateTimeOffset? nextDue) =>
        e.OccurredAt >= _lastHandled && (nextDue is null || nextDue > e.OccurredAt);

    /// <summary>The alerts raised since the last call, in the order they were raised.</summary>
    public IReadOnlyList<Alert> TakeAlerts()
    {
        var alerts = _alerts.ToArray();
        _alerts.Clear();
        return alerts;
    }

    /// <summary>The alerts whose ack timeout ran out since the last call.</summary>
    public IReadOnlyList<AlertEscalation> TakeEscalations()
    {
        var escalations = _escalations.ToArray();
        _escalations.Clear();
        return escalations;
    }

    private void Collect(EngineStep step)
    {
        Handled++;
        _alerts.AddRange(step.Alerts);
        _escalations.AddRange(step.Escalations);
    }
}
