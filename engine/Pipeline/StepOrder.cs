using RiskTriggers.Engine.Partitions;
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
/// partition order, as one step; each worker fires the same partitions of its block at the same time and round
/// (a partition's deadlines are its own), so the workers' steps of one (time, round), in worker order over
/// contiguous blocks, merged as <see cref="KeyedEngine.Merge"/> merges partitions, are that step.
/// </summary>
internal sealed class StepOrder(int workers)
{
    private readonly int[] _cursor = new int[workers];
    private readonly List<(TaggedStep Step, int Worker)> _wakeUps = [];
    private readonly List<EngineStep> _moment = [];

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
        for (var first = 0; first < _wakeUps.Count;)
        {
            var moment = _wakeUps[first].Step;
            var end = first + 1;
            while (end < _wakeUps.Count && SameMoment(_wakeUps[end].Step, moment))
                end++;
            DeliverMoment(first, end, onStep);
            first = end;
        }
        _wakeUps.Clear();
    }

    /// <summary>One sequential wake-up: the workers' steps merged, or each on its own if one failed (its block's loss only).</summary>
    private void DeliverMoment(int first, int end, Action<int, EngineStep> onStep)
    {
        var engine = _wakeUps[first].Step.Engine;
        if (end - first == 1 || _wakeUps.Skip(first).Take(end - first).Any(w => w.Step.Step.Failure is not null))
        {
            for (var i = first; i < end; i++)
                onStep(engine, _wakeUps[i].Step.Step);
            return;
        }
        DateTimeOffset? next = null;
        for (var i = first + 1; i < end; i++)
        {
            var step = _wakeUps[i].Step.Step;
            _moment.Add(step);
            next = Earliest(next, step.NextDeadline);
        }
        var head = _wakeUps[first].Step.Step;
        onStep(engine, KeyedEngine.Merge(head, _moment) with { NextDeadline = Earliest(next, head.NextDeadline) });
        _moment.Clear();
    }

    private static bool SameMoment(in TaggedStep a, in TaggedStep b) => a.Step.At == b.Step.At && a.Round == b.Round && a.Engine == b.Engine;

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

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;
}
