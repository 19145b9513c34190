using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Engine.Signals;
using RiskTriggers.Engine.Signals.Phrases;

namespace RiskTriggers.Benchmarks;

/// <summary>
/// The floor: the same signals and default decisions as the engine, computed by one plain loop over
/// dictionaries — no Rx, no NRules, no state-store abstraction. Same phrase spotter, same thresholds.
/// </summary>
internal sealed class HandWrittenLoop(PhraseSpotter spotter, RiskSettings settings)
{
    private sealed class Interaction
    {
        public required string Customer;
        public string? Agent;
        public string? Tier;
        public string? Channel;
        public string? Queue;
        public readonly HashSet<string> Kinds = [];
    }

    private readonly HashSet<string> _seen = [];
    private readonly Dictionary<(string, string), List<DateTimeOffset>> _inquiries = [];
    private readonly Dictionary<string, Interaction> _interactions = [];
    private readonly PriorityQueue<(string Key, string Ix, string Kind), DateTimeOffset> _deadlines = new();
    private readonly Dictionary<string, DateTimeOffset> _pending = [];
    private readonly Dictionary<string, DateTimeOffset> _cooldowns = [];

    public int Alerts { get; private set; }

    public int Run(IEnumerable<InteractionEvent> events)
    {
        var last = DateTimeOffset.MinValue;
        foreach (var e in events)
        {
            FireDue(e.OccurredAt);
            Handle(e);
            last = e.OccurredAt;
        }
        FireDue(last + TimeSpan.FromDays(1));
        return Alerts;
    }

    private void Handle(InteractionEvent e)
    {
        if (!_seen.Add(e.EventId))
            return;
        if (!_interactions.TryGetValue(e.InteractionId, out var ix))
            _interactions[e.InteractionId] = ix = new Interaction { Customer = e.CustomerId };
        ix.Agent = e.AgentId ?? ix.Agent;
        ix.Tier = e.CustomerTier ?? ix.Tier;
        ix.Channel = e.Channel ?? ix.Channel;
        ix.Queue = e.Queue ?? ix.Queue;
        var t = settings.For(ix.Channel, ix.Queue, ix.Tier);
        switch (e.Type)
        {
            case EventType.Inquiry: Inquiry(e, t); break;
            case EventType.CustomerMessage: Message(e, t); break;
            case EventType.QueueEntered: Start($"q:{e.InteractionId}", e, "QueueWaitExceeded", t.QueueWaitExceeded.After); break;
            case EventType.AgentAssigned: _pending.Remove($"q:{e.InteractionId}"); break;
            case EventType.AgentMessage: _pending.Remove($"r:{e.InteractionId}"); break;
            case EventType.InteractionClosed: Close(e.InteractionId); break;
        }
    }

    private void Inquiry(InteractionEvent e, Thresholds t)
    {
        if (!_inquiries.TryGetValue((e.CustomerId, e.Topic!), out var times))
            _inquiries[(e.CustomerId, e.Topic!)] = times = [];
        times.Add(e.OccurredAt);
        times.RemoveAll(at => at <= e.OccurredAt - t.InquiryRepeated.Window);
        if (times.Count > t.InquiryRepeated.MoreThan)
            Decide(e.InteractionId, "InquiryRepeated", threat: false, e.OccurredAt, t);
    }

    private void Message(InteractionEvent e, Thresholds t)
    {
        Start($"r:{e.InteractionId}", e, "ReplyOverdue", t.ReplyOverdue.After);
        var hits = spotter.Spot(e.Text!);
        if (hits.Count == 0)
            return;
        double weight = 0;
        var threat = false;
        foreach (var phraseClass in hits.Select(h => h.Class).Distinct())
        {
            weight += t.NegativePhrase.WeightOf(phraseClass);
            threat |= phraseClass == PhraseClass.EscalationThreat;
        }
        if (weight >= t.NegativePhrase.MinWeight)
            Decide(e.InteractionId, "NegativePhraseSpotted", threat, e.OccurredAt, t);
    }

    private void Start(string key, InteractionEvent e, string kind, TimeSpan after)
    {
        if (_pending.ContainsKey(key))
            return;
        var due = e.OccurredAt + after + TimeSpan.FromMilliseconds(1);
        _pending[key] = due;
        _deadlines.Enqueue((key, e.InteractionId, kind), due);
    }

    private void FireDue(DateTimeOffset now)
    {
        while (_deadlines.TryPeek(out var d, out var due) && due <= now)
        {
            _deadlines.Dequeue();
            if (_pending.TryGetValue(d.Key, out var pendingDue) && pendingDue == due && _pending.Remove(d.Key) &&
                _interactions.TryGetValue(d.Ix, out var ix))
                Decide(d.Ix, d.Kind, threat: false, due, settings.For(ix.Channel, ix.Queue, ix.Tier));
        }
    }

    private void Close(string interactionId)
    {
        _interactions.Remove(interactionId);
        _pending.Remove($"q:{interactionId}");
        _pending.Remove($"r:{interactionId}");
    }

    private void Decide(string interactionId, string kind, bool threat, DateTimeOffset at, Thresholds t)
    {
        if (!_interactions.TryGetValue(interactionId, out var ix))
            return;
        ix.Kinds.Add(kind);
        // Same winner as the rule pack: P1 first (EscalationThreat before VipCustomer by name), then P2, then P3.
        var rule = threat ? "EscalationThreat"
            : ix.Tier is { } tier && t.Alerts.SupervisorTiers.Contains(tier) ? "VipCustomer"
            : ix.Kinds.Count > 1 ? "MultipleSignals"
            : "SingleSignal";
        var key = $"{rule}:{interactionId}";
        if (_cooldowns.TryGetValue(key, out var until) && until > at)
            return;
        _cooldowns[key] = at + t.Alerts.Cooldown;
        Alerts++;
    }
}
