namespace RiskTriggers.Engine.Partitions;

public sealed partial class CustomerPartition
{
    /// <summary>The customer's state as a snapshot, or null when the partition holds nothing for them (released).</summary>
    public byte[]? Snapshot(string customerId) =>
        _customers.TryGetValue(customerId, out var customer) ? CustomerSnapshot.Write(customer) : null;

    /// <summary>True when the partition holds state for the customer (a host loads the others' snapshots lazily).</summary>
    public bool Holds(string customerId) => _customers.ContainsKey(customerId);

    /// <summary>
    /// The customer's earliest timer (a pending deadline, an ack timeout or housekeeping), or null: a host indexes
    /// customers by it, so a new owner loads a customer no later than when something of theirs falls due.
    /// </summary>
    public DateTimeOffset? NextDueOf(string customerId)
    {
        if (!_customers.TryGetValue(customerId, out var customer))
            return null;
        var next = customer.HousekeepingAt;
        foreach (var interaction in customer.Interactions.All)
            next = Earliest(next, Earliest(interaction.ReplyDue?.DueAt, interaction.QueueWaitDue?.DueAt));
        foreach (var ack in customer.PendingAcksOrNone)
            next = Earliest(next, ack.EscalatesAt);
        return next;
    }

    /// <summary>
    /// Takes over a customer from a snapshot (a new owner resuming), replacing whatever was held for them,
    /// and queues their timers again: pending deadlines, ack timeouts and housekeeping.
    /// </summary>
    public void Restore(ReadOnlySpan<byte> snapshot)
    {
        var customer = CustomerSnapshot.Read(snapshot, _pool);
        if (_customers.Remove(customer.CustomerId, out var replaced))
        {
            Interactions -= replaced.Interactions.Count;
            replaced.Released = true;
        }
        _customers.Add(customer.CustomerId, customer);
        Interactions += customer.Interactions.Count;
        foreach (var interaction in customer.Interactions.All)
        {
            if (interaction.ReplyDue is { } reply)
                Enqueue(new DueWork(reply.DueAt, DueKind.ReplyOverdue, customer, interaction, null));
            if (interaction.QueueWaitDue is { } queue)
                Enqueue(new DueWork(queue.DueAt, DueKind.QueueWaitExceeded, customer, interaction, null));
        }
        foreach (var ack in customer.PendingAcksOrNone)
            Enqueue(new DueWork(ack.EscalatesAt, DueKind.AckTimeout, customer, null, ack.AlertId));
        QueueHousekeeping(customer);
    }
}
