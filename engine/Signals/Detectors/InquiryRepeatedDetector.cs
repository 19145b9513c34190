using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.State;

namespace RiskTriggers.Engine.Signals.Detectors;

/// <summary>Counts a customer's inquiries per topic in a sliding window, across interactions and channels.</summary>
public sealed class InquiryRepeatedDetector(IStateStore store) : ISignalDetector
{
    public async ValueTask<Signal?> DetectAsync(DetectionContext context, CancellationToken ct)
    {
        var e = context.Event;
        if (e.Type != EventType.Inquiry)
            return null;
        var threshold = context.Thresholds.InquiryRepeated;
        var inWindow = await store.RecordInquiryAsync(e.CustomerId, e.Topic!, e.EventId, e.OccurredAt, threshold.Window, ct);
        return inWindow.Count > threshold.MoreThan
            ? new InquiryRepeated(e.InteractionId, e.CustomerId, e.OccurredAt, e.Topic!, inWindow.Count,
                threshold.MoreThan, threshold.Window, inWindow)
            : null;
    }
}
