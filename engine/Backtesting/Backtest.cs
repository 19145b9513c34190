using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Pipeline;
using RiskTriggers.Engine.Processing;

namespace RiskTriggers.Engine.Backtesting;

/// <summary>
/// Replays history through the one pipeline (<see cref="Replay.Run"/>, virtual clock) and scores the alerts it
/// raises against the <c>complaint_filed</c> events of the same history. Keeps only alerts, complaints and
/// interaction ids, never the events themselves, so the history can be streamed.
/// </summary>
public static class Backtest
{
    /// <param name="events">The history, in time order (see <see cref="Reordering.InTimeOrder{T}"/>).</param>
    /// <param name="engine">A fresh engine with its own store and the settings under test.</param>
    /// <param name="horizon">How long after an alert a complaint still counts as foretold by it.</param>
    /// <param name="drain">How long the clock runs on after the last event (default <see cref="Replay.DefaultDrain"/>).</param>
    /// <param name="onStep">Sees every step too, e.g. to explain one interaction.</param>
    /// <param name="dissatisfiedAtOrBelow">A <c>satisfaction_rated</c> score at or below this counts as a complaint
    /// (settings: <c>dissatisfaction.ratedDissatisfiedAtOrBelow</c>); null: ratings are not outcomes.</param>
    /// <param name="threads">Partition workers of the replay (default <see cref="Replay.DefaultThreads"/>).</param>
    public static BacktestOutcome Run(
        IEnumerable<InteractionEvent> events, IRiskEngine engine, TimeSpan horizon, TimeSpan? drain = null, Action<EngineStep>? onStep = null,
        double? dissatisfiedAtOrBelow = null, int? threads = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(engine);
        var recorder = new BacktestRecorder(dissatisfiedAtOrBelow);
        Replay.Run(events, engine, step =>
        {
            recorder.Add(step);
            onStep?.Invoke(step);
        }, drain, threads);
        return recorder.Finish(horizon);
    }
}

/// <summary>What a backtest run produced and how it scored.</summary>
public sealed record BacktestOutcome(
    BacktestScore Score,
    IReadOnlyList<Alerts.Alert> Alerts,
    IReadOnlyList<InteractionEvent> Complaints,
    int Interactions,
    int Events,
    int Failed);

/// <summary>
/// Collects the alerts, complaints and distinct interactions of a replay, step by step. A dissatisfied rating
/// (at or below the cut) is an outcome like a complaint: the customer told the survey instead of filing one.
/// </summary>
public sealed class BacktestRecorder(double? dissatisfiedAtOrBelow = null)
{
    private readonly List<Alerts.Alert> _alerts = [];
    private readonly List<InteractionEvent> _complaints = [];
    private readonly HashSet<string> _interactions = new(StringComparer.Ordinal);
    private int _events;
    private int _failed;

    public void Add(EngineStep step)
    {
        if (step.Failure is not null)
            _failed++;
        if (step.Event is { } e && !step.Duplicate)
        {
            _events++;
            _interactions.Add(e.InteractionId);
            if (e.Type == EventType.ComplaintFiled || (e.Type == EventType.SatisfactionRated && e.Score <= dissatisfiedAtOrBelow))
                _complaints.Add(e);
        }
        _alerts.AddRange(step.Alerts);
    }

    public BacktestOutcome Finish(TimeSpan horizon) => new(
        BacktestScorer.Score(_alerts, _complaints, _interactions.Count, horizon),
        _alerts.ToList(), _complaints.ToList(), _interactions.Count, _events, _failed);
}
