#if RISKTRIGGERS_PEER
using System.Buffers;
using RiskTriggers.Peers;
using RiskTriggers.Peers.HandWritten;

// The floor of the whole-process comparison: read lines, parse JSON, keep state in dictionaries, compute
// the four signals with the default thresholds, one thread, nothing else.
var (eventsPath, lexiconPath) = Peer.ParseArgs(args, "HandWritten");
var clock = Peer.StartClock();
var phrases = Peer.LoadLexicon(lexiconPath).Values.SelectMany(p => p).ToArray();
var loop = new Loop(SearchValues.Create(phrases, StringComparison.OrdinalIgnoreCase));
long events = 0;
foreach (var e in Peer.ReadEvents(eventsPath))
{
    loop.Handle(e);
    events++;
}
loop.Drain();
Peer.Report("handwritten", events, clock.Elapsed, loop.Counts);

namespace RiskTriggers.Peers.HandWritten
{
    internal enum Clock { Reply, Queue }

    internal readonly record struct Deadline(Clock Clock, string InteractionId, DateTimeOffset Due);

    internal sealed class Loop(SearchValues<string> phrases)
    {
        private static readonly TimeSpan ReplyAfter = TimeSpan.FromMinutes(Defaults.ReplyAfterMinutes) + Defaults.Resolution;
        private static readonly TimeSpan EmailReplyAfter = TimeSpan.FromMinutes(Defaults.EmailReplyAfterMinutes) + Defaults.Resolution;
        private static readonly TimeSpan QueueAfter = TimeSpan.FromMinutes(Defaults.QueueAfterMinutes) + Defaults.Resolution;

        // Inquiry times per (customer, topic), oldest first: events come in time order, so a queue is the window.
        private readonly Dictionary<(string Customer, string Topic), Queue<DateTimeOffset>> _inquiries = [];
        // The one pending deadline per interaction and clock; a stale heap entry is one whose due differs.
        private readonly Dictionary<string, DateTimeOffset> _replyDue = new(StringComparer.Ordinal);
        private readonly Dictionary<string, DateTimeOffset> _queueDue = new(StringComparer.Ordinal);
        private readonly PriorityQueue<Deadline, DateTimeOffset> _deadlines = new();
        private DateTimeOffset _last = DateTimeOffset.MinValue;

        public SignalCounts Counts { get; } = new();

        public void Handle(PeerEvent e)
        {
            FireDue(e.OccurredAt);
            _last = e.OccurredAt;
            switch (e.Type)
            {
                case "inquiry":
                    Inquiry(e);
                    break;
                case "customer_message":
                    Start(_replyDue, Clock.Reply, e, e.Channel == "email" ? EmailReplyAfter : ReplyAfter);
                    if (e.Text is { } text && text.AsSpan().ContainsAny(phrases))
                        Counts.NegativePhraseSpotted++;
                    break;
                case "agent_message":
                    _replyDue.Remove(e.InteractionId);
                    break;
                case "queue_entered":
                    Start(_queueDue, Clock.Queue, e, QueueAfter);
                    break;
                case "agent_assigned":
                    _queueDue.Remove(e.InteractionId);
                    break;
                case "interaction_closed":
                    _replyDue.Remove(e.InteractionId);
                    _queueDue.Remove(e.InteractionId);
                    break;
            }
        }

        /// <summary>Lets the clock run on after the last event, so the deadlines still pending fire.</summary>
        public void Drain() => FireDue(_last + Defaults.Drain);

        private void Inquiry(PeerEvent e)
        {
            if (e.Topic is null)
                return;
            var key = (e.CustomerId, e.Topic);
            if (!_inquiries.TryGetValue(key, out var times))
                _inquiries[key] = times = new Queue<DateTimeOffset>(4);
            times.Enqueue(e.OccurredAt);
            var expired = e.OccurredAt - Defaults.InquiryWindow;
            while (times.Peek() <= expired)
                times.Dequeue();
            if (times.Count > Defaults.InquiryMoreThan)
                Counts.InquiryRepeated++;
        }

        private void Start(Dictionary<string, DateTimeOffset> pending, Clock clock, PeerEvent e, TimeSpan after)
        {
            // The first unanswered message (or queue entry) starts the clock; later ones don't move it.
            var due = e.OccurredAt + after;
            if (pending.TryAdd(e.InteractionId, due))
                _deadlines.Enqueue(new Deadline(clock, e.InteractionId, due), due);
        }

        private void FireDue(DateTimeOffset now)
        {
            while (_deadlines.TryPeek(out var d, out var due) && due <= now)
            {
                _deadlines.Dequeue();
                var pending = d.Clock == Clock.Reply ? _replyDue : _queueDue;
                if (!pending.TryGetValue(d.InteractionId, out var current) || current != due)
                    continue; // stopped, closed, or restarted since
                pending.Remove(d.InteractionId);
                if (d.Clock == Clock.Reply) Counts.ReplyOverdue++;
                else Counts.QueueWaitExceeded++;
            }
        }
    }
}
#endif
