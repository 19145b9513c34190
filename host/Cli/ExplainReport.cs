using RiskTriggers.Engine.Dissatisfaction;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using RiskTriggers.Engine;
using RiskTriggers.Engine.Alerts;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Processing;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Engine.Partitions;
using RiskTriggers.Engine.Signals;

namespace RiskTriggers.Host.Cli;

/// <summary>
/// Everything a replay did for one interaction: its events, the signals detected (measured against the
/// threshold), the alerts raised, and why a signal raised no alert. Also the customer's complaints, from any
/// of their interactions.
/// </summary>
internal sealed record ExplainReport(
    string Interaction,
    string? Customer,
    string? Channel,
    string? Queue,
    string? CustomerTier,
    string? Agent,
    JsonNode? Thresholds,
    IReadOnlyList<ExplainEvent> Events,
    IReadOnlyList<ExplainSignal> Signals,
    IReadOnlyList<Alert> Alerts,
    IReadOnlyList<ExplainEvent> Complaints)
{
    private static readonly ExplainJson Json = new(new JsonSerializerOptions(ExplainJson.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public string ToJson() => JsonSerializer.Serialize(this, Json.ExplainReport);

    /// <summary>The interaction as a timeline: events, signals and alerts in time order.</summary>
    public void WriteText(TextWriter w)
    {
        w.WriteLine($"interaction {Interaction} · customer {Customer} · channel {Channel ?? "-"} · queue {Queue ?? "-"} · agent {Agent ?? "-"} · tier {CustomerTier ?? "-"}");
        if (Thresholds is { } t)
            w.WriteLine($"thresholds in force: inquiryRepeated more than {t["inquiryRepeated"]?["moreThan"]} within {t["inquiryRepeated"]?["window"]} · " +
                        $"replyOverdue.after {t["replyOverdue"]?["after"]} · queueWaitExceeded.after {t["queueWaitExceeded"]?["after"]} · " +
                        $"negativePhrase.minWeight {t["negativePhrase"]?["minWeight"]} · dissatisfaction.threshold {t["dissatisfaction"]?["threshold"]} · alerts.cooldown {t["alerts"]?["cooldown"]}");
        w.WriteLine();

        var lines = new List<(DateTimeOffset At, int Order, string Text)>();
        foreach (var e in Events)
            lines.Add((e.OccurredAt, e.Sequence * 3, EventLine(e)));
        foreach (var s in Signals)
            lines.Add((s.At, s.Sequence * 3 + 1, SignalLine(s)));
        foreach (var (alert, i) in Alerts.Select((a, i) => (a, i)))
            lines.Add((alert.RaisedAt, Signals.FirstOrDefault(s => s.AlertId == alert.AlertId)?.Sequence * 3 + 2 ?? int.MaxValue - Alerts.Count + i, AlertLine(alert)));
        foreach (var (_, _, text) in lines.OrderBy(l => l.Order))
            w.WriteLine(text);

        var elsewhere = Complaints.Where(c => c.InteractionId != Interaction).ToList();
        if (elsewhere.Count > 0)
        {
            w.WriteLine();
            w.WriteLine($"complaints by customer {Customer} in other interactions:");
            foreach (var c in elsewhere)
                w.WriteLine($"{Time(c.OccurredAt)}  complaint_filed in {c.InteractionId} ({c.EventId}){Quoted(c.Text)}");
        }
    }

    private static string EventLine(ExplainEvent e)
    {
        var parts = new[] { ("channel", e.Channel), ("queue", e.Queue), ("agent", e.AgentId), ("tier", e.CustomerTier), ("topic", e.Topic) }
            .Where(f => f.Item2 is not null).Select(f => $"{f.Item1}={f.Item2}").Prepend(e.EventId).ToList();
        if (e.Text is not null)
            parts.Add($"\"{e.Text}\"");
        if (e.Score is { } score)
            parts.Add($"· dissatisfaction score {score:0.00}" + (e.Cues is { } cues ? $" ({cues})" : ""));
        if (e.Duplicate)
            parts.Add("(duplicate event id, ignored)");
        if (e.Failure is { } failure)
            parts.Add($"(failed: {failure})");
        return $"{Time(e.OccurredAt)}  event   {e.Type,-22} {string.Join("  ", parts)}";
    }

    private static string SignalLine(ExplainSignal s)
    {
        var phrase = s.Phrase is null ? "" : $" · phrase \"{s.Phrase}\" ({s.PhraseClass})";
        var outcome = s.AlertId is null ? $"\n{Indent}{s.Hint}" : "";
        return $"{Time(s.At)}  signal  {s.Kind,-22} measured {s.Measured}; threshold: {s.Threshold}{phrase} [{string.Join(", ", s.EventIds)}]{outcome}";
    }

    private static string AlertLine(Alert a)
    {
        var lines = new List<string> { $"{Time(a.RaisedAt)}  ALERT   {a.Rule,-22} {a.Priority} → {a.Audience.ToString().ToLowerInvariant()}  {a.AlertId}" };
        foreach (var ev in a.Evidence)
            lines.Add($"{Indent}evidence: {ev.Signal} measured {ev.Measured}; threshold: {ev.Threshold}" +
                      (ev.Phrase is null ? "" : $"; phrase \"{ev.Phrase}\" ({ev.PhraseClass})") + $" [{string.Join(", ", ev.EventIds)}]");
        lines.Add($"{Indent}action: {a.RecommendedAction}");
        return string.Join('\n', lines);
    }

    private static readonly string Indent = new(' ', 32);

    private static string Quoted(string? text) => text is null ? "" : $"  \"{text}\"";

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

/// <summary>One event as replayed; <see cref="Sequence"/> keeps the replay's order.</summary>
internal sealed record ExplainEvent(
    int Sequence,
    string EventId,
    string Type,
    DateTimeOffset OccurredAt,
    string InteractionId,
    string CustomerId,
    string? Channel,
    string? Queue,
    string? AgentId,
    string? CustomerTier,
    string? Topic,
    string? Text,
    bool Duplicate,
    string? Failure)
{
    /// <summary>A customer message: the model's score of the conversation after it (0.5 = operating point).</summary>
    public double? Score { get; init; }

    /// <summary>The message's cues that pushed the score up or pulled it down most.</summary>
    public string? Cues { get; init; }

    public static ExplainEvent From(int sequence, InteractionEvent e, bool duplicate = false, string? failure = null) => new(
        sequence, e.EventId, EventTypes.WireName(e.Type), e.OccurredAt, e.InteractionId, e.CustomerId, e.Channel, e.Queue,
        e.AgentId, e.CustomerTier, e.Topic, e.Text, duplicate, failure);
}

/// <summary>A signal of the interaction: what was measured against which threshold, and the alert it raised or why none.</summary>
internal sealed record ExplainSignal(
    int Sequence,
    DateTimeOffset At,
    string Kind,
    string Measured,
    string Threshold,
    IReadOnlyList<string> EventIds,
    string? Phrase,
    string? PhraseClass,
    string? AlertId,
    string? Hint);

/// <summary>Collects one interaction's part of a replay, step by step.</summary>
internal sealed class ExplainCollector(string interactionId, DissatisfactionModel model)
{
    private Conversation _conversation;
    private readonly List<ExplainEvent> _events = [];
    private readonly List<(int Sequence, Signal Signal, Alert? Alert, string? Hint)> _signals = [];
    private readonly List<Alert> _alerts = [];
    private readonly List<ExplainEvent> _complaints = [];
    private int _sequence;

    public bool Found => _events.Count > 0;

    public void Add(EngineStep step)
    {
        var sequence = _sequence++;
        if (step.Event is { } e && e.InteractionId == interactionId)
            _events.Add(Scored(ExplainEvent.From(sequence, e, step.Duplicate, step.Failure?.Message), e, step.Duplicate));
        if (step.Event is { Type: EventType.ComplaintFiled } complaint && !step.Duplicate)
            _complaints.Add(ExplainEvent.From(sequence, complaint));
        var alerts = step.Alerts.Where(a => a.InteractionId == interactionId).ToList();
        _alerts.AddRange(alerts);
        // The engine reports what the rules made of each signal: read it, never guess it.
        foreach (var outcome in step.Outcomes.Where(o => o.Signal.InteractionId == interactionId))
        {
            var alert = outcome.Kind == OutcomeKind.Alerted ? alerts.FirstOrDefault(a => a.AlertId == outcome.AlertId) : null;
            _signals.Add((sequence, outcome.Signal, alert, Hint(outcome)));
        }
    }

    // The same reading the engine makes (Conversation), kept here for every message, not only those that signal.
    private ExplainEvent Scored(ExplainEvent view, InteractionEvent e, bool duplicate)
    {
        if (duplicate || string.IsNullOrEmpty(e.Text))
            return view;
        if (e.Type == EventType.AgentMessage)
            _conversation.AddAgent(e.Text, model);
        if (e.Type != EventType.CustomerMessage)
            return view;
        _conversation.Add(e.Text, model);
        if (_conversation.Score(model) is not { } score)
            return view;
        var cues = MessageCues.Explain(e.Text, _conversation, model.For(_conversation.Language)!);
        return view with { Score = Math.Round(score, 3), Cues = cues.Count > 0 ? CueContribution.Describe(cues) : null };
    }

    private static string? Hint(SignalOutcome outcome) => outcome.Kind switch
    {
        OutcomeKind.HeldByCooldown =>
            $"→ no alert: held back by {outcome.Rule}'s cooldown until {outcome.CooldownUntil:yyyy-MM-dd HH:mm:ss} (started by {outcome.AlertId}); " +
            "the same rule does not alert one interaction twice within alerts.cooldown",
        OutcomeKind.NoRuleMatched => "→ no alert: no rule matched this signal",
        _ => null,
    };

    public ExplainReport Build(RiskSettings settings)
    {
        string? Last(Func<ExplainEvent, string?> field) => _events.Select(field).LastOrDefault(v => v is not null);
        var (channel, queue, tier) = (Last(e => e.Channel), Last(e => e.Queue), Last(e => e.CustomerTier));
        var customer = Last(e => e.CustomerId);
        var thresholds = settings.For(channel, queue, tier);
        var signals = _signals.Select(x =>
        {
            var evidence = x.Signal.ToEvidence();
            return new ExplainSignal(x.Sequence, x.Signal.DetectedAt, x.Signal.Kind, evidence.Measured, evidence.Threshold, evidence.EventIds,
                evidence.Phrase, evidence.PhraseClass, x.Alert?.AlertId, x.Hint);
        }).ToList();
        return new ExplainReport(interactionId, customer, channel, queue, tier, Last(e => e.AgentId),
            JsonNode.Parse(JsonSerializer.Serialize(thresholds, SettingsJson.Default.Thresholds)),
            _events, signals, _alerts, _complaints.Where(c => c.CustomerId == customer).ToList());
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ExplainReport))]
internal sealed partial class ExplainJson : JsonSerializerContext;
