using System.Threading.Channels;
using Microsoft.Extensions.Options;
using RiskTriggers.Engine.Events;
using RiskTriggers.Host.Hosting;

namespace RiskTriggers.Host.Ingestion;

/// <summary>
/// Accepted events waiting for the engine: a bounded channel, so a burst the engine cannot keep up with waits a
/// little and is then refused (503), never queued without limit. Any in-process feeder (the simulator, a stream
/// consumer) enqueues here too.
/// </summary>
internal sealed class IngestionQueue(IOptions<RiskTriggersOptions> options, TimeProvider time)
{
    private readonly Channel<QueuedEvent> _channel = Channel.CreateBounded<QueuedEvent>(
        new BoundedChannelOptions(options.Value.QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    public ChannelReader<QueuedEvent> Reader => _channel.Reader;

    public int Depth => _channel.Reader.Count;

    /// <summary>Enqueues, waiting up to <paramref name="timeout"/> for room; false if the queue stayed full.</summary>
    public async ValueTask<bool> TryEnqueueAsync(InteractionEvent e, TimeSpan timeout, CancellationToken ct)
    {
        var item = new QueuedEvent(e, time.GetTimestamp());
        if (_channel.Writer.TryWrite(item))
            return true;
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        wait.CancelAfter(timeout);
        try
        {
            await _channel.Writer.WriteAsync(item, wait.Token);
            return true;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>No more events: the engine drains what is queued and stops.</summary>
    public void Complete() => _channel.Writer.TryComplete();
}

/// <summary>An accepted event and when it was accepted (a <see cref="TimeProvider"/> timestamp, for latency).</summary>
internal sealed record QueuedEvent(InteractionEvent Event, long AcceptedAt);
