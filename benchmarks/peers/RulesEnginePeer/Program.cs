#if RISKTRIGGERS_PEER
using System.Buffers;
using System.Text.Json;
using RiskTriggers.Peers;
using RiskTriggers.Peers.RulesEnginePeer;
using RulesEngine.Models;

// The same reading, parsing, windows and deadlines as the hand-written loop, but whether a measurement
// makes a signal is decided by Microsoft RulesEngine workflows (workflows.json), one ExecuteAllRulesAsync
// per candidate: each inquiry, each deadline that falls due, each customer message with a phrase hit.
var (eventsPath, lexiconPath) = Peer.ParseArgs(args, "RulesEnginePeer");
var clock = Peer.StartClock();
var workflows = JsonSerializer.Deserialize<Workflow[]>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "workflows.json")))
    ?? throw new InvalidDataException("workflows.json is empty");
var rules = new RulesEngine.RulesEngine(workflows, new ReSettings());
var loop = new Loop(rules, Peer.LoadLexicon(lexiconPath));
long events = 0;
foreach (var e in Peer.ReadEvents(eventsPath))
{
    await loop.HandleAsync(e);
    events++;
}
await loop.DrainAsync();
Peer.Report("rulesengine", events, clock.Elapsed, loop.Counts);
Console.Error.WriteLine($"rulesengine: {loop.Evaluations} ExecuteAllRulesAsync calls");

namespace RiskTriggers.Peers.RulesEnginePeer
{
    /// <summary>input1 of the InquiryRepeated workflow: inquiries of the customer on the topic in the window.</summary>
    public sealed record InquiryMeasurement(string CustomerId, string Topic, int Count);

    /// <summary>input1 of ReplyOverdue and QueueWaitExceeded: how long the clock ran when its deadline fell due.</summary>
    public sealed record WaitMeasurement(string InteractionId, string Channel, double WaitedMinutes);

    /// <summary>input1 of NegativePhraseSpotted: the summed weight of the phrase classes found (each class once).</summary>
    public sealed record PhraseMeasurement(string InteractionId, double Weight, int Classes);

    internal enum Clock { Reply, Queue }

    internal readonly record struct Deadline(Clock Clock, string InteractionId, string Channel, DateTimeOffset StartedAt, DateTimeOffset Due);

    internal sealed class Loop
    {
        // When to look again; whether it is late is the rule's call.
        private static TimeSpan ReplyCheck(string? channel) => TimeSpan.FromMinutes(Defaults.ReplyAfterMinutesFor(channel)) + Defaults.Resolution;
        private static readonly TimeSpan QueueCheck = TimeSpan.FromMinutes(Defaults.QueueAfterMinutes) + Defaults.Resolution;

        // Weights of the engine's defaults: frustration 1, escalationThreat 3, churn 2, repeatContact 1.
        private static readonly Dictionary<string, double> Weights = new(StringComparer.Ordinal)
        {
            ["frustration"] = 1, ["escalationThreat"] = 3, ["churn"] = 2, ["repeatContact"] = 1,
        };

        private readonly RulesEngine.RulesEngine _rules;
        private readonly SearchValues<string> _anyPhrase;
        private readonly (SearchValues<string> Phrases, double Weight)[] _classes;
        private readonly Dictionary<(string Customer, string Topic), Queue<DateTimeOffset>> _inquiries = [];
        private readonly Dictionary<string, DateTimeOffset> _replyDue = new(StringComparer.Ordinal);
        private readonly Dictionary<string, DateTimeOffset> _queueDue = new(StringComparer.Ordinal);
        private readonly PriorityQueue<Deadline, DateTimeOffset> _deadlines = new();
        private DateTimeOffset _last = DateTimeOffset.MinValue;

        public Loop(RulesEngine.RulesEngine rules, Dictionary<string, string[]> lexicon)
        {
            _rules = rules;
            _anyPhrase = SearchValues.Create(lexicon.Values.SelectMany(p => p).ToArray(), StringComparison.OrdinalIgnoreCase);
            _classes = lexicon.Select(c => (SearchValues.Create(c.Value, StringComparison.OrdinalIgnoreCase), Weights.GetValueOrDefault(c.Key)))
                .ToArray();
        }

        public SignalCounts Counts { get; } = new();

        public long Evaluations { get; private set; }

        public async ValueTask HandleAsync(PeerEvent e)
        {
            await FireDueAsync(e.OccurredAt);
            _last = e.OccurredAt;
            switch (e.Type)
            {
                case "inquiry":
                    await InquiryAsync(e);
                    break;
                case "customer_message":
                    Start(_replyDue, Clock.Reply, e, ReplyCheck(e.Channel));
                    await MessageAsync(e);
                    break;
                case "agent_message":
                    _replyDue.Remove(e.InteractionId);
                    break;
                case "queue_entered":
                    Start(_queueDue, Clock.Queue, e, QueueCheck);
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

        public ValueTask DrainAsync() => FireDueAsync(_last + Defaults.Drain);

        private async ValueTask InquiryAsync(PeerEvent e)
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
            if (await SignalsAsync("InquiryRepeated", new InquiryMeasurement(e.CustomerId, e.Topic, times.Count)))
                Counts.InquiryRepeated++;
        }

        private async ValueTask MessageAsync(PeerEvent e)
        {
            if (e.Text is not { } text || !text.AsSpan().ContainsAny(_anyPhrase))
                return;
            double weight = 0;
            var classes = 0;
            foreach (var (phrases, classWeight) in _classes)
            {
                if (!text.AsSpan().ContainsAny(phrases))
                    continue;
                weight += classWeight;
                classes++;
            }
            if (await SignalsAsync("NegativePhraseSpotted", new PhraseMeasurement(e.InteractionId, weight, classes)))
                Counts.NegativePhraseSpotted++;
        }

        private void Start(Dictionary<string, DateTimeOffset> pending, Clock clock, PeerEvent e, TimeSpan after)
        {
            var due = e.OccurredAt + after;
            if (pending.TryAdd(e.InteractionId, due))
                _deadlines.Enqueue(new Deadline(clock, e.InteractionId, e.Channel ?? "", e.OccurredAt, due), due);
        }

        private async ValueTask FireDueAsync(DateTimeOffset now)
        {
            while (_deadlines.TryPeek(out var d, out var due) && due <= now)
            {
                _deadlines.Dequeue();
                var pending = d.Clock == Clock.Reply ? _replyDue : _queueDue;
                if (!pending.TryGetValue(d.InteractionId, out var current) || current != due)
                    continue; // stopped, closed, or restarted since
                pending.Remove(d.InteractionId);
                var waited = new WaitMeasurement(d.InteractionId, d.Channel, (due - d.StartedAt).TotalMinutes);
                if (d.Clock == Clock.Reply)
                {
                    if (await SignalsAsync("ReplyOverdue", waited))
                        Counts.ReplyOverdue++;
                }
                else if (await SignalsAsync("QueueWaitExceeded", waited))
                {
                    Counts.QueueWaitExceeded++;
                }
            }
        }

        private async ValueTask<bool> SignalsAsync(string workflow, object measurement)
        {
            Evaluations++;
            var results = await _rules.ExecuteAllRulesAsync(workflow, measurement);
            foreach (var result in results)
            {
                if (result.IsSuccess)
                    return true;
                if (result.ExceptionMessage is { Length: > 0 } error)
                    throw new InvalidOperationException($"{workflow}/{result.Rule.RuleName}: {error}");
            }
            return false;
        }
    }
}
#endif
