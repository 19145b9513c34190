using System.Diagnostics.Metrics;
using RiskTriggers.Engine.Alerts;
using RiskTriggers.Engine.Processing;

namespace RiskTriggers.Host.Operations;

/// <summary>
/// Every instrument of the host, on one <see cref="Meter"/> named "RiskTriggers" (exported at /metrics as
/// Prometheus text, dots becoming underscores). Gauges read their value through callbacks set by the owners.
/// </summary>
internal sealed class RiskMetrics
{
    public const string MeterName = "RiskTriggers";

    private readonly Counter<long> _eventsAccepted;
    private readonly Counter<long> _eventsRejected;
    private readonly Counter<long> _eventsDuplicate;
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
        _eventsAccepted = meter.CreateCounter<long>("risktriggers.events.accepted", "{event}", "Events accepted by ingestion");
        _eventsRejected = meter.CreateCounter<long>("risktriggers.events.rejected", "{event}", "Events refused by validation (dead-lettered)");
        _eventsDuplicate = meter.CreateCounter<long>("risktriggers.events.duplicate", "{event}", "Events dropped as already seen");
        _signals = meter.CreateCounter<long>("risktriggers.signals", "{signal}", "Signals detected, by kind");
        _alerts = meter.CreateCounter<long>("risktriggers.alerts", "{alert}", "Alerts raised, by rule and priority");
        _escalations = meter.CreateCounter<long>("risktriggers.alerts.escalated", "{alert}", "Alerts escalated for want of an acknowledgement");
        _failedSteps = meter.CreateCounter<long>("risktriggers.steps.failed", "{step}", "Engine steps that failed (logged, skipped)");
        _subscribersDropped = meter.CreateCounter<long>("risktriggers.delivery.dropped", "{subscriber}", "Push subscribers cut off for falling behind");
        _webhookFailures = meter.CreateCounter<long>("risktriggers.webhook.failed", "{notice}", "Webhook posts given up after every retry");
        _latency = meter.CreateHistogram<double>("risktriggers.alert.latency", "s", "From an event's acceptance to the alert it raised",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        meter.CreateObservableGauge("risktriggers.alerts.open", () => OpenAlerts(), "{alert}", "Alerts not yet resolved");
        meter.CreateObservableGauge("risktriggers.interactions.open", () => OpenInteractions(), "{interaction}", "Interactions the store is tracking");
        meter.CreateObservableGauge("risktriggers.deadlines.pending", () => PendingDeadlines(), "{deadline}", "Deadlines waiting in the store");
        meter.CreateObservableGauge("risktriggers.queue.depth", () => QueueDepth(), "{event}", "Events accepted but not yet processed");
    }

    public Func<int> OpenAlerts { get; set; } = () => 0;
    public Func<int> OpenInteractions { get; set; } = () => 0;
    public Func<int> PendingDeadlines { get; set; } = () => 0;
    public Func<int> QueueDepth { get; set; } = () => 0;

    public void EventsAccepted(int count) => Add(_eventsAccepted, count);
    public void EventsRejected(int count) => Add(_eventsRejected, count);
    public void EventsDuplicate(int count) => Add(_eventsDuplicate, count);
    public void Escalated() => _escalations.Add(1);
    public void SubscriberDropped() => _subscribersDropped.Add(1);
    public void WebhookFailed() => _webhookFailures.Add(1);
    public void AlertLatency(TimeSpan latency) => _latency.Record(latency.TotalSeconds);

    public void Step(EngineStep step)
    {
        if (step.Failure is not null)
            _failedSteps.Add(1);
        foreach (var signal in step.Signals)
            _signals.Add(1, new KeyValuePair<string, object?>("kind", signal.Kind));
        foreach (var alert in step.Alerts)
            AlertRaised(alert);
    }

    private void AlertRaised(Alert alert) =>
        _alerts.Add(1, new KeyValuePair<string, object?>("rule", alert.Rule), new KeyValuePair<string, object?>("priority", alert.Priority.ToString()));

    private static void Add(Counter<long> counter, int count)
    {
        if (count > 0)
            counter.Add(count);
    }
}
