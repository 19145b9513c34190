using RiskTriggers.Engine.Events;

namespace RiskTriggers.Engine.Partitions;

public sealed partial class CustomerPartition
{
    private readonly List<DueWork> _dueNow = [];

    /// <summary>The live entries due at or before <paramref name="now"/>, in firing order; stale ones are dropped.</summary>
    private List<DueWork> TakeDue(DateTimeOffset now)
    {
        var work = _dueNow; // reused: FireDue clears it when done
        work.Clear();
        while (_due.TryPeek(out var item) && item.DueUtcTicks <= now.UtcTicks)
        {
            _due.Dequeue();
            if (IsLive(item))
                work.Add(item);
        }
        if (work.Count > 1)
            work.Sort(DueWork.Compare);
        return work;
    }

    /// <summary>True when the state still holds what the entry was queued for (nothing cancelled or replaced it).</summary>
    private bool IsLive(DueWork item)
    {
        // Flags, not lookups: a customer or interaction is released once and never held again (a dictionary
        // probe per due entry was a tenth of the wake-ups' time).
        var customer = item.Customer;
        if (customer.Released)
            return false;
        return item.Kind switch
        {
            DueKind.ReplyOverdue => item.Interaction!.ReplyDue?.DueAt == item.DueAt && Holds(customer, item.Interaction),
            DueKind.QueueWaitExceeded => item.Interaction!.QueueWaitDue?.DueAt == item.DueAt && Holds(customer, item.Interaction),
            DueKind.AckTimeout => AwaitsAck(customer, item),
            _ => customer.HousekeepingAt == item.DueAt,
        };
    }

    private static bool AwaitsAck(CustomerState customer, DueWork item)
    {
        foreach (var ack in customer.PendingAcksOrNone)
        {
            if (ack.AlertId == item.AlertId && ack.EscalatesAt == item.DueAt)
                return true;
        }
        return false;
    }

    private static bool Holds(CustomerState customer, OpenInteraction interaction) => !interaction.Released;

    /// <summary>Queues housekeeping for when the customer's state next expires, unless queued no later already.</summary>
    private DateTimeOffset? QueueHousekeeping(CustomerState customer)
    {
        var at = ExpiryOf(customer);
        if (at is null || customer.HousekeepingAt is { } queued && queued <= at)
            return null;
        customer.HousekeepingAt = at;
        Enqueue(new DueWork(at.Value, DueKind.Housekeeping, customer, null, null));
        return at;
    }

    /// <summary>
    /// <see cref="QueueHousekeeping"/> after an event, looking only at what the event changed — its interaction
    /// and, for an inquiry, its topic's window — when housekeeping is queued already: the queued time is no later
    /// than the expiry of everything else (it was the earliest when queued, and every change since was compared
    /// with it), so the result is the same as recomputing the customer's whole expiry on every event.
    /// </summary>
    private DateTimeOffset? QueueHousekeepingAfter(CustomerState customer, OpenInteraction interaction, InteractionEvent e)
    {
        if (customer.HousekeepingAt is not { } queued)
            return QueueHousekeeping(customer);
        var at = ReleasableAt(interaction);
        if (e.Type == EventType.Inquiry && _pool.Intern(e.Topic) is { } topic && customer.WindowOf(topic) is { } window)
            at = Earliest(at, window.ExpiresAt);
        if (at is null || queued <= at)
            return null;
        customer.HousekeepingAt = at;
        Enqueue(new DueWork(at.Value, DueKind.Housekeeping, customer, null, null));
        return at;
    }

    /// <summary>
    /// Releases what expired: closed interactions past the dedup horizon, idle ones with nothing pending,
    /// windows that slid empty; the customer itself once nothing is left. No sweep over other customers.
    /// </summary>
    private DateTimeOffset? Housekeep(CustomerState customer, DateTimeOffset now)
    {
        customer.HousekeepingAt = null;
        ref var interactions = ref customer.Interactions;
        for (var i = interactions.Count - 1; i >= 0; i--) // backwards: a removal shifts only what was read already
        {
            var interaction = interactions.All[i];
            if (ReleasableAt(interaction) <= now)
            {
                interactions.Remove(interaction.InteractionId);
                Interactions--;
            }
        }
        foreach (var window in customer.Windows)
            window.Trim(now);
        customer.RemoveEmptyWindows();
        if (customer.IsEmpty)
        {
            _customers.Remove(customer.CustomerId);
            customer.Released = true;
            return null;
        }
        return QueueHousekeeping(customer);
    }

    private DateTimeOffset? ExpiryOf(CustomerState customer)
    {
        DateTimeOffset? at = null;
        foreach (var interaction in customer.Interactions.All)
            at = Earliest(at, ReleasableAt(interaction));
        foreach (var window in customer.Windows)
            at = Earliest(at, window.ExpiresAt);
        return at;
    }

    /// <summary>
    /// A closed interaction is kept for the dedup horizon, so a redelivered event is still recognised; an
    /// open one that went quiet (no event for the idle horizon, no clock running) is released too.
    /// </summary>
    private DateTimeOffset? ReleasableAt(OpenInteraction interaction) =>
        interaction.ClosedAt is { } closed ? closed + _options.DedupHorizon
        : interaction.IsQuiet ? interaction.LastEventAt + _options.IdleInteractionHorizon
        : null;
}
