using RiskTriggers.Engine.Processing;

namespace RiskTriggers.Engine.Pipeline;

/// <summary>
/// Tags a worker's steps with the move that made them (<see cref="TaggedStep"/>), counting the rounds of
/// wake-ups at one time: a wake-up that queues more work due by then wakes the clock again at the same time.
/// </summary>
internal sealed class StepTagger(int engines)
{
    private readonly DateTimeOffset[] _lastWake = new DateTimeOffset[engines];
    private readonly int[] _round = new int[engines];
    private List<TaggedStep> _steps = [];
    private int _move;

    public void Into(List<TaggedStep> steps) => _steps = steps;

    public void Start(int move)
    {
        _move = move;
        Array.Fill(_lastWake, DateTimeOffset.MinValue);
    }

    public void Add(int engine, EngineStep step)
    {
        var round = 0;
        if (step.Event is null)
        {
            round = _lastWake[engine] == step.At ? ++_round[engine] : _round[engine] = 0;
            _lastWake[engine] = step.At;
        }
        _steps.Add(new TaggedStep(_move, engine, round, step));
    }
}

/// <summary>
/// Puts the workers' steps of one batch back in the order a sequential replay makes them. An event's steps come
/// from the worker that owns its customer (one per engine, in engine order). An advance's wake-ups come from
/// every worker: the sequential clock fires, at each time and round, the partitions with something due in
/// partition order, and each worker fires the same partitions of its block at the same time and round (a
/// partition's deadlines are its own), so ordering them by (time, round, worker) over contiguous blocks is
/// partition order. One sequential wake-up is then one step per worker that fired instead of one merged step:
/// the same signals, alerts and escalations in the same order.
/// </summary>
internal sealed class StepOrder(int workers)
{
    private readonly int[] _cursor = new int[workers];
    private readonly List<(TaggedStep Step, int Worker)> _wakeUps = [];

    public void Deliver(StepBatch[] batches, Action<int, EngineStep> onStep)
    {
        Array.Clear(_cursor);
        var moves = batches[0].Moves;
        for (var i = 0; i < moves.Count; i++)
        {
            ref readonly var move = ref moves.Moves[i];
            if (move.IsAdvance)
                DeliverWakeUps(i, batches, onStep);
            else
                DeliverFrom(move.Worker, i, batches, onStep);
        }
    }

    private void DeliverFrom(int worker, int move, StepBatch[] batches, Action<int, EngineStep> onStep)
    {
        var steps = batches[worker].Steps;
        ref var at = ref _cursor[worker];
        for (; at < steps.Count && steps[at].Move == move; at++)
            onStep(steps[at].Engine, steps[at].Step);
    }

    private void DeliverWakeUps(int move, StepBatch[] batches, Action<int, EngineStep> onStep)
    {
        for (var w = 0; w < batches.Length; w++)
        {
            var steps = batches[w].Steps;
            ref var at = ref _cursor[w];
            for (; at < steps.Count && steps[at].Move == move; at++)
                _wakeUps.Add((steps[at], w));
        }
        _wakeUps.Sort(static (a, b) => Compare(a.Step, a.Worker, b.Step, b.Worker));
        foreach (var (step, _) in _wakeUps)
            onStep(step.Engine, step.Step);
        _wakeUps.Clear();
    }

    private static int Compare(in TaggedStep a, int aWorker, in TaggedStep b, int bWorker)
    {
        var byTime = a.Step.At.CompareTo(b.Step.At);
        if (byTime != 0)
            return byTime;
        var byRound = a.Round.CompareTo(b.Round);
        if (byRound != 0)
            return byRound;
        var byEngine = a.Engine.CompareTo(b.Engine);
        return byEngine != 0 ? byEngine : aWorker.CompareTo(bWorker);
    }
}
