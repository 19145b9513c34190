using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Signals.Phrases;

namespace RiskTriggers.Engine.Signals.Detectors;

/// <summary>
/// Spots negative phrases in customer messages. Each class counts once per message, with its weight from
/// settings, so "投诉… 投诉!" weighs no more than one threat.
/// </summary>
public sealed class NegativePhraseDetector(PhraseSpotter spotter) : ISignalDetector
{
    public ValueTask<Signal?> DetectAsync(DetectionContext context, CancellationToken ct)
    {
        var e = context.Event;
        if (e.Type != EventType.CustomerMessage || string.IsNullOrEmpty(e.Text))
            return ValueTask.FromResult<Signal?>(null);
        var hits = spotter.Spot(e.Text);
        if (hits.Count == 0)
            return ValueTask.FromResult<Signal?>(null);

        var threshold = context.Thresholds.NegativePhrase;
        var weighted = hits.Select(h => h with { Weight = threshold.WeightOf(h.Class) }).ToArray();
        var weight = weighted.DistinctBy(h => h.Class).Sum(h => h.Weight);
        Signal? signal = weight >= threshold.MinWeight
            ? new NegativePhraseSpotted(e.InteractionId, e.CustomerId, e.OccurredAt, e.EventId, weighted, weight, threshold.MinWeight)
            : null;
        return ValueTask.FromResult(signal);
    }
}
