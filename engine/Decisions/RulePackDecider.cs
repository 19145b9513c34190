using System.Collections.Concurrent;
using NRules;

namespace RiskTriggers.Engine.Decisions;

/// <summary>
/// Runs a compiled NRules rule pack over one signal: its <see cref="SignalContext"/> (the signal with its
/// interaction, history and thresholds) goes in as the one fact — joins across separate facts were most of
/// the decision's cost — and the rules propose their decisions on it (<see cref="SignalContext.Propose"/>).
/// A rule that inserts a <see cref="Decision"/> fact instead (the older style) is still heard: the insert is
/// caught as it happens and retracted after firing. The session factory is compiled once (seconds). Sessions
/// are pooled and emptied after each signal, so working memory stays tiny and a session is not built per
/// signal (that was half of the engine's replay time in the benchmark).
/// </summary>
public sealed class RulePackDecider(ISessionFactory rules) : IDecider
{
    private readonly ConcurrentBag<Pooled> _idle = [];

    // The one session a single-threaded caller reuses without touching the bag (whose take locks: a tenth of
    // replay time in a CPU trace); parallel callers fall back to the bag.
    private Pooled? _spare;

    public IReadOnlyList<Decision> Decide(SignalContext context)
    {
        var pooled = Interlocked.Exchange(ref _spare, null) ?? (_idle.TryTake(out var idle) ? idle : new Pooled(rules.CreateSession()));
        context.StartDeciding();
        pooled.Current = context;
        var session = pooled.Session;
        session.Insert(context);
        session.Fire();
        session.Retract(context);
        if (pooled.Inserted.Count > 0)
        {
            session.RetractAll(pooled.Inserted);
            pooled.Inserted.Clear();
        }
        pooled.Current = null;
        if (Interlocked.CompareExchange(ref _spare, pooled, null) is not null)
            _idle.Add(pooled);
        return context.Decisions;
    }

    /// <summary>A session and what its rules inserted as facts while deciding the current signal.</summary>
    private sealed class Pooled
    {
        public Pooled(ISession session)
        {
            Session = session;
            session.Events.FactInsertedEvent += (_, e) =>
            {
                if (e.Fact.Value is Decision decision)
                {
                    Inserted.Add(decision);
                    Current?.Propose(decision);
                }
            };
        }

        public ISession Session { get; }
        public SignalContext? Current { get; set; }
        public List<Decision> Inserted { get; } = [];
    }
}
