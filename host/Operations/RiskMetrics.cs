using System.Diagnostics.Metrics;
using RiskTriggers.Engine.Alerts;
using RiskTriggers.Engine.Intake;
using RiskTriggers.Engine.Processing;

namespace RiskTriggers.Host.Operations;

/// <summary>
/// Every instrument of the host, on one <see cref="Meter"/> named "RiskTriggers" (exported at /metrics as
/// Prometheus text, dots becoming underscores). Gauges read their value through callbacks set by the owners.
/// </summary>
internal sealed class RiskMetrics
{
    public const string MeterName = "RiskTriggers";

    private readonly Counter<long> _processed;
    private readonly Counter<long> _signals;
    private readonly Counter<long> _alerts;
    private readonly Counter<long> _escalations;
    private readonly Counter<long> _failedSteps;
    private readonly Counter<long> _subscribersDropped;
    private readonly Counter<long> _webhookFailures;
    private readonly Histogram<double> _latency;

    public RiskMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableCounter("risktriggers.events.accepted", () => Intake.Accepted, "{event}", "Events accepted by the intake (HTTP, simulation, streams)");
        meter.CreateObservableCounter("risktriggers.events.rejected", () => Intake.Rejected, "{event}", "Events refused by the intake (dead-lettered)");
        meter.CreateObservableCounter("risktriggers.events.duplicate", () => Intake.Duplicates, "{event}", "Events dropped by the intake as already seen");
        meter.CreateObservableCounter("risktriggers.events.withdrawn", () => Intake.Withdrawn, "{event}", "Accepted events then refused by a full queue (503)");
        _processed = meter.CreateCounter<long>("risktriggers.events.processed", "{event}", "Events the engine handled, whatever fed them (HTTP, simulation); engine duplicates not counted");
        _signals = meter.CreateCounter<long>("risktriggers.signals", "{signal}", "Signals detected, by kind");
        _alerts = meter.CreateCounter<long>("risktriggers.alerts", "{alert}", "Alerts raised, by rule and priority");
        _escalations = meter.CreateCounter<long>("risktriggers.alerts.escalated", "{alert}", "Alerts escalated for want of an acknowledgement");
        _failedSteps = meter.CreateCounter<long>("risktriggers.steps.failed", "{step}", "Engine steps that failed (logged, skipped)");
        _subscribersDropped = meter.CreateCounter<long>("risktriggers.delivery.dropped", "{subscriber}", "Push subscribers cut off for falling behind");
        _webhookFailures = meter.CreateCounter<long>("risktriggers.webhook.failed", "{notice}", "Webhook posts given up after every retry");
        _latency = meter.CreateHistogram<double>("risktriggers.alert.latency", "s", "From an event's acceptance to the alert it raised",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        meter.CreateObservableGauge("risktriggers.alerts.open", () => OpenAlerts(), "{alert}", "Alerts not yet resolved");
        meter.CreateObservableGauge("risktriggers.interactions.open", () => OpenInteractions(), "{interaction}", "Interactions the engine's partitions hold (open, or closed and kept for dedup)");
        meter.CreateObservableGauge("risktriggers.deadlines.pending", () => PendingDeadlines(), "{deadline}", "Timer entries queued in the engine's partitions (reply and queue-wait deadlines, ack timeouts, housekeeping)");
        meter.CreateObservableGauge("risktriggers.queue.depth", () => QueueDepth(), "{event}", "Events accepted but not yet processed");
    }

    /// <summary>The counts of the host's intakes, read at every collection.</summary>
    public IntakeCounters Intake { get; set; } = new();

    public Func<int> OpenAlerts { get; set; } = () => 0;
    public Func<int> OpenInteractions { get; set; } = () => 0;
    public Func<int> PendingDeadlines { get; set; } = () => 0;
    public Func<int> QueueDepth { get; set; } = () => 0;

    public void Escalated() => _escalations.Add(1);
    public void SubscriberDropped() => _subscribersDropped.Add(1);
    public void WebhookFailed() => _webhookFailures.Add(1);
    public void AlertLatency(TimeSpan latency) => _latency.Record(latency.TotalSeconds);

    public void Step(EngineStep step)
    {
        if (step.Event is not null && !step.Duplicate)
            _processed.Add(1);
        if (step.Failure is not null)
            _failedSteps.Add(1);
        foreach (var signal in step.Signals)
            _signals.Add(1, new KeyValuePair<string, object?>("kind", signal.Kind));
        foreach (var alert in step.Alerts)
            AlertRaised(alert);
    }

    private void AlertRaised(Alert alert) =>
        _alerts.Add(1, new KeyValuePair<string, object?>("rule", alert.Rule), new KeyValuePair<string, object?>("priority", alert.Priority.ToString()));
}
