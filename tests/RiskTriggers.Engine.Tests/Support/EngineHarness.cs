using System.Reactive.Concurrency;
using System.Reactive.Subjects;
using RiskTriggers.Engine.Alerts;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Pipeline;
using RiskTriggers.Engine.Processing;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Engine.Signals;
using RiskTriggers.Engine.Partitions;
using RiskTriggers.Rules;

namespace RiskTriggers.Engine.Tests.Support;

/// <summary>
/// The real pipeline on a virtual clock: events are sent at their timestamps, the clock can be moved on with
/// no event, and everything the pipeline emits is collected.
/// </summary>
internal sealed class EngineHarness : IDisposable
{
    private readonly Subject<InteractionEvent> _events = new();
    private readonly IDisposable _subscription;

    public EngineHarness(RiskSettings? settings = null)
    {
        Scheduler = new HistoricalScheduler(Ev.T0);
        Engine = DefaultEngine.Create(new FixedSettings(settings ?? RiskSettings.BuiltIn));
        _subscription = _events.Process(Engine, Scheduler).Subscribe(Steps.Add);
    }

    public HistoricalScheduler Scheduler { get; }
    public KeyedEngine Engine { get; }
    public List<EngineStep> Steps { get; } = [];

    public IEnumerable<Signal> Signals => Steps.SelectMany(s => s.Signals);
    public IEnumerable<Alert> Alerts => Steps.SelectMany(s => s.Alerts);
    public IEnumerable<T> SignalsOf<T>() where T : Signal => Signals.OfType<T>();

    public EngineHarness Send(params InteractionEvent[] events)
    {
        foreach (var e in events)
        {
            if (e.OccurredAt > Scheduler.Now)
                Scheduler.AdvanceTo(e.OccurredAt);
            _events.OnNext(e);
        }
        return this;
    }

    /// <summary>Moves the virtual clock to T0 + <paramref name="at"/> with no event.</summary>
    public EngineHarness AdvanceTo(TimeSpan at)
    {
        Scheduler.AdvanceTo(Ev.T0 + at);
        return this;
    }

    public void Dispose() => _subscription.Dispose();
}
