using Microsoft.Extensions.Options;
using RiskTriggers.Engine.Events;
using RiskTriggers.Host.Hosting;
using RiskTriggers.Host.Streams;

namespace RiskTriggers.Host.Ingestion;

/// <summary>
/// Where accepted events go before anyone is told they were accepted: the embedded engine's partition inboxes
/// (<see cref="EmbeddedEngine"/>), or — with Redis — the partitions' ingestion streams, so an answered event survives the host.
/// </summary>
internal interface IEventHandOff
{
    /// <summary>Hands the events over in order; how many were taken before the rest was refused.</summary>
    ValueTask<int> HandOverAsync(IReadOnlyList<InteractionEvent> events, CancellationToken ct);

    /// <summary>Why the rest was refused and how long to wait before retrying, for the 503.</summary>
    (string Title, string Reason, TimeSpan RetryAfter) Refusal { get; }
}

/// <summary>
/// With Redis: appended to the customer's partition stream (pipelined, one round trip for the batch). Taken means
/// appended; an append that failed refuses it and everything after it, even if some of those were appended (the
/// partition's owner drops the retry's copies as duplicates).
/// </summary>
internal sealed class StreamHandOff(EventStreamWriter writer) : IEventHandOff
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    public async ValueTask<int> HandOverAsync(IReadOnlyList<InteractionEvent> events, CancellationToken ct)
    {
        var appends = events.Select(writer.PublishAsync).ToArray();
        try
        {
            await Task.WhenAll(appends);
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
        }
        var taken = 0;
        while (taken < appends.Length && appends[taken].IsCompletedSuccessfully)
            taken++;
        return taken;
    }

    public (string, string, TimeSpan) Refusal => ("Event streams unavailable", "Redis did not take the events", RetryAfter);
}
