using System.Reactive.Concurrency;
using System.Threading.Channels;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Partitions;
using RiskTriggers.Engine.Pipeline;
using RiskTriggers.Engine.Processing;

namespace RiskTriggers.Host.Ingestion;

/// <summary>
/// One customer partition of the embedded engine and its only owner: a loop that takes the partition's inbox in
/// order (events, acknowledgements, wake-ups) and runs each synchronously on the partition, so the partition needs no
/// lock and a customer's events keep their order. What the host's clock says is due fires before the next item. The
/// inbox is bounded: a partition that cannot keep up makes its producers wait, then refuse (503), and nothing
/// accepted is dropped.
/// </summary>
internal sealed class PartitionWorker : IDisposable
{
    private readonly CustomerPartition _partition;
    private readonly IScheduler _scheduler;
    private readonly Func<EngineStep, long?, ValueTask> _onStep;
    private readonly Channel<Work> _inbox;
    private readonly DeadlineAlarm _alarm;

    /// <param name="onStep">Gets every step with the accepted-at timestamp of its event (null for deadlines); it must not throw.</param>
    public PartitionWorker(CustomerPartition partition, int capacity, IScheduler scheduler, Func<EngineStep, long?, ValueTask> onStep)
    {
        _partition = partition;
        _scheduler = scheduler;
        _onStep = onStep;
        _inbox = Channel.CreateBounded<Work>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        // A wake-up that finds the inbox full is not needed: the loop fires what is due before its next item anyway.
        _alarm = new DeadlineAlarm(scheduler, null, _ => _inbox.Writer.TryWrite(Work.WakeUp));
    }

    /// <summary>Items waiting in the inbox.</summary>
    public int Depth => _inbox.Reader.Count;

    /// <summary>Queues an event, waiting up to <paramref name="timeout"/> for room; false if the inbox stayed full.</summary>
    public async ValueTask<bool> TryPostAsync(InteractionEvent e, long acceptedAt, TimeSpan timeout, CancellationToken ct)
    {
        var work = new Work(e, acceptedAt, null);
        if (_inbox.Writer.TryWrite(work))
            return true;
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        wait.CancelAfter(timeout);
        try
        {
            await _inbox.Writer.WriteAsync(work, wait.Token);
            return true;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
        catch (ChannelClosedException)
        {
            return false; // the host is stopping
        }
    }

    /// <summary>Stops an alert's ack timeout in the partition; true if it was still waiting.</summary>
    public async Task<bool> AcknowledgeAsync(string customerId, string alertId, CancellationToken ct)
    {
        var ack = new AckRequest(customerId, alertId);
        try
        {
            await _inbox.Writer.WriteAsync(new Work(null, 0, ack), ct);
        }
        catch (ChannelClosedException)
        {
            return false;
        }
        return await ack.Done.Task.WaitAsync(ct);
    }

    /// <summary>No more items: the loop runs what is queued, then ends.</summary>
    public void Complete() => _inbox.Writer.TryComplete();

    public async Task RunAsync()
    {
        await foreach (var work in _inbox.Reader.ReadAllAsync())
        {
            await FireDueAsync();
            if (work.Event is { } e)
                await _onStep(Step(e), work.AcceptedAt);
            else if (work.Ack is { } ack)
                ack.Done.TrySetResult(_partition.Acknowledge(ack.CustomerId, ack.AlertId));
            _alarm.ArmAt(_partition.NextDue);
        }
    }

    public void Dispose() => _alarm.Dispose();

    private async ValueTask FireDueAsync()
    {
        var now = _scheduler.Now;
        if (_partition.NextDue is not { } due || due > now)
            return;
        EngineStep step;
        try
        {
            step = _partition.FireDue(now);
        }
        catch (Exception ex)
        {
            step = EngineStep.FailedOn(now, null, ex);
        }
        await _onStep(step, null);
    }

    /// <summary>A failure becomes a failed step: the loop, and the host, carry on with the next item.</summary>
    private EngineStep Step(InteractionEvent e)
    {
        try
        {
            return _partition.Handle(e);
        }
        catch (Exception ex)
        {
            return EngineStep.FailedOn(e.OccurredAt, e, ex);
        }
    }

    /// <summary>An event (with when it was accepted), an acknowledgement, or neither: a wake-up to fire what is due.</summary>
    private readonly record struct Work(InteractionEvent? Event, long AcceptedAt, AckRequest? Ack)
    {
        public static Work WakeUp => default;
    }

    private sealed record AckRequest(string CustomerId, string AlertId)
    {
        public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
