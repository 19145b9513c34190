using System.Threading.Channels;
using Microsoft.Extensions.Options;
using RiskTriggers.Host.Alerts;
using RiskTriggers.Host.Hosting;
using RiskTriggers.Host.Operations;

namespace RiskTriggers.Host.Delivery;

/// <summary>
/// Fans alert notices out to subscribers (SSE clients, the SignalR forwarder, and embedded, the webhook sink). Notices get
/// increasing ids and the newest are kept in a bounded replay buffer, so a subscriber resuming after id N gets
/// exactly what came after N. Publishing never waits: each subscriber has its own bounded buffer, and one that
/// overflows is cut off (its stream ends) instead of slowing the engine.
/// </summary>
internal sealed class AlertFeed(IOptions<RiskTriggersOptions> options, RiskMetrics metrics, ILogger<AlertFeed> logger)
{
    private readonly Lock _gate = new();
    private readonly Queue<AlertNotice> _replay = new();
    private readonly List<Subscription> _subscribers = [];
    private readonly int _replayCapacity = options.Value.Delivery.ReplayBufferSize;
    private long _lastId;

    public long LastId
    {
        get { lock (_gate) return _lastId; }
    }

    /// <param name="madeHere">False for a change another host made (see <see cref="AlertNotice.MadeHere"/>).</param>
    public AlertNotice Publish(string change, AlertRecord record, bool madeHere = true)
    {
        lock (_gate)
        {
            var notice = new AlertNotice(++_lastId, change, AlertView.From(record)) { Record = record, MadeHere = madeHere };
            _replay.Enqueue(notice);
            if (_replay.Count > _replayCapacity)
                _replay.Dequeue();
            foreach (var subscriber in _subscribers.ToArray())
                Offer(subscriber, notice);
            return notice;
        }
    }

    /// <summary>
    /// Subscribes to notices the filter lets through, first replaying those after <paramref name="afterId"/> (null:
    /// live only). <see cref="Subscription.Gap"/> is true when notices after that id have already left the buffer.
    /// </summary>
    public Subscription Subscribe(string name, Func<AlertNotice, bool> filter, long? afterId, int capacity)
    {
        lock (_gate)
        {
            AlertNotice[] missed = afterId is { } after ? [.. _replay.Where(n => n.Id > after && filter(n))] : [];
            // Room for the missed notices on top of the live buffer, so resuming never overflows by itself.
            var subscription = new Subscription(this, name, filter, capacity + missed.Length);
            if (afterId is { } from)
                subscription.Gap = _replay.TryPeek(out var oldest) ? oldest.Id > from + 1 : _lastId > from;
            foreach (var notice in missed)
                subscription.Writer.TryWrite(notice);
            _subscribers.Add(subscription);
            return subscription;
        }
    }

    private void Offer(Subscription subscriber, AlertNotice notice)
    {
        if (!subscriber.Filter(notice) || subscriber.Writer.TryWrite(notice))
            return;
        // Full: this subscriber is too slow. Cut it off rather than hold up everybody else.
        _subscribers.Remove(subscriber);
        subscriber.Writer.TryComplete(new SubscriberOverflowException(subscriber.Name));
        metrics.SubscriberDropped();
        logger.LogWarning("Delivery subscriber {Subscriber} fell {Capacity} notices behind and was disconnected", subscriber.Name, subscriber.Capacity);
    }

    private void Unsubscribe(Subscription subscription)
    {
        lock (_gate)
            _subscribers.Remove(subscription);
        subscription.Writer.TryComplete();
    }

    internal sealed class Subscription : IDisposable
    {
        private readonly AlertFeed _feed;
        private readonly Channel<AlertNotice> _channel;

        public Subscription(AlertFeed feed, string name, Func<AlertNotice, bool> filter, int capacity)
        {
            _feed = feed;
            Name = name;
            Filter = filter;
            Capacity = capacity;
            _channel = Channel.CreateBounded<AlertNotice>(new BoundedChannelOptions(capacity)
            {
                SingleReader = true,
                FullMode = BoundedChannelFullMode.Wait,
            });
        }

        public string Name { get; }
        public Func<AlertNotice, bool> Filter { get; }
        public int Capacity { get; }
        public bool Gap { get; internal set; }
        public ChannelReader<AlertNotice> Reader => _channel.Reader;
        internal ChannelWriter<AlertNotice> Writer => _channel.Writer;

        public void Dispose() => _feed.Unsubscribe(this);
    }
}

/// <summary>A subscriber's buffer overflowed and it was disconnected.</summary>
internal sealed class SubscriberOverflowException(string subscriber)
    : Exception($"delivery subscriber '{subscriber}' fell too far behind and was disconnected");
