using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Partitions;
using RiskTriggers.Engine.Processing;

namespace RiskTriggers.Engine.Pipeline;

/// <summary>
/// A replay on several threads with the sequential replay's output. A reader thread turns the events into
/// <see cref="ReplayMoves"/> and hands every batch of them to every worker; each worker owns a contiguous block
/// of every engine's partitions, on a clock of its own (<see cref="ReplayClock"/>), so it handles its customers'
/// events and advances its clock with every advance; the calling thread takes the workers' steps back in the
/// sequential order (<see cref="StepOrder"/>) and is the only one to call <c>onStep</c>. Bounded channels between
/// the stages (<see cref="ReplayFlow"/>).
/// </summary>
internal sealed class ParallelReplay
{
    private readonly IReadOnlyList<KeyedEngine> _engines;
    private readonly ReplayFlow _flow;
    private readonly int[] _workerOfPartition;
    private readonly PartitionBlock[][] _blocks; // [worker][engine]
    private readonly Channel<MoveBatch>[] _inputs;
    private readonly Channel<StepBatch>[] _outputs;
    private readonly Exception?[] _workerFailures;
    private readonly ConcurrentQueue<MoveBatch> _spareMoves = new();
    private readonly ConcurrentQueue<StepBatch> _spareSteps = new();
    private readonly CancellationTokenSource _stop = new();
    private ExceptionDispatchInfo? _readFailure;

    /// <param name="engines">Engines with the same number of partitions, so one worker owns the same block of each.</param>
    public ParallelReplay(IReadOnlyList<KeyedEngine> engines, int workers, ReplayFlow flow)
    {
        var partitions = engines[0].Partitions.Count;
        if (engines.Any(e => e.Partitions.Count != partitions))
            throw new ArgumentException("Engines replayed side by side in parallel need the same number of partitions.", nameof(engines));
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(workers, partitions);
        (_engines, _flow) = (engines, flow);
        var split = engines.Select(e => PartitionBlock.Split(e, workers)).ToArray();
        _blocks = [.. Enumerable.Range(0, workers).Select(w => split.Select(blocks => blocks[w]).ToArray())];
        _workerOfPartition = new int[partitions];
        for (var w = 0; w < workers; w++)
            Array.Fill(_workerOfPartition, w, _blocks[w][0].First, _blocks[w][0].Count);
        var options = new BoundedChannelOptions(flow.Capacity) { SingleReader = true, SingleWriter = true, AllowSynchronousContinuations = true };
        _inputs = [.. Enumerable.Range(0, workers).Select(_ => Channel.CreateBounded<MoveBatch>(options))];
        _outputs = [.. Enumerable.Range(0, workers).Select(_ => Channel.CreateBounded<StepBatch>(options))];
        _workerFailures = new Exception?[workers];
    }

    private int Workers => _blocks.Length;

    public void Run(IEnumerable<InteractionEvent> events, TimeSpan drain, Action<int, EngineStep> onStep)
    {
        var threads = new List<Thread> { Start("replay reader", () => Read(events, drain)) };
        for (var w = 0; w < Workers; w++)
        {
            var worker = w;
            threads.Add(Start($"replay worker {w + 1}", () => Work(worker)));
        }
        try
        {
            Consume(onStep);
        }
        finally
        {
            _stop.Cancel(); // a no-op after a clean end; after a failure it frees every stage blocked on a channel
            threads.ForEach(t => t.Join());
            _stop.Dispose();
        }
        _readFailure?.Throw(); // the events' own failure, after every step before it, as a sequential replay throws it
    }

    private static Thread Start(string name, Action body)
    {
        var thread = new Thread(new ThreadStart(body)) { Name = name, IsBackground = true };
        thread.Start();
        return thread;
    }

    /// <summary>The reader: moves into batches, every batch to every worker; a failure of the events is kept for the consumer.</summary>
    private void Read(IEnumerable<InteractionEvent> events, TimeSpan drain)
    {
        try
        {
            var batch = RentMoves();
            try
            {
                foreach (var move in ReplayMoves.Of(events, drain, WorkerOf))
                {
                    batch.Moves[batch.Count++] = move;
                    if (batch.Count < batch.Moves.Length)
                        continue;
                    Dispatch(batch);
                    batch = RentMoves();
                }
            }
            catch (Exception ex) when (!_stop.IsCancellationRequested)
            {
                _readFailure = ExceptionDispatchInfo.Capture(ex);
            }
            if (batch.Count > 0)
                Dispatch(batch);
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
            // Stopped by the consumer: whatever the events did since is no one's concern.
        }
        finally
        {
            foreach (var input in _inputs)
                input.Writer.TryComplete();
        }
    }

    /// <summary>The worker that owns the event's customer (an event with no customer fails where the sequential one does: in its step).</summary>
    private int WorkerOf(InteractionEvent e) => e.CustomerId is null ? 0 : _workerOfPartition[_engines[0].PartitionOf(e.CustomerId)];

    private void Dispatch(MoveBatch batch)
    {
        foreach (var input in _inputs)
            Write(input.Writer, batch);
    }

    /// <summary>A worker: plays every advance and its own events on its clock, and sends the steps back tagged with the move.</summary>
    private void Work(int worker)
    {
        var tagger = new StepTagger(_engines.Count);
        ReplayClock? clock = null;
        try
        {
            while (TryRead(_inputs[worker].Reader, out var batch))
            {
                _flow.BeforeBatch?.Invoke(worker);
                var steps = RentSteps(batch);
                tagger.Into(steps.Steps);
                clock ??= new ReplayClock(batch.Moves[0].At, _blocks[worker], tagger.Add);
                for (var i = 0; i < batch.Count; i++)
                {
                    ref readonly var move = ref batch.Moves[i];
                    if (move.IsAdvance || move.Worker == worker)
                    {
                        tagger.Start(i);
                        clock.Play(move);
                    }
                }
                Write(_outputs[worker].Writer, steps);
            }
            clock?.Complete();
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
            // Stopped by the consumer, which has its own error to report.
        }
        catch (Exception ex)
        {
            _workerFailures[worker] = ex;
        }
        finally
        {
            clock?.Dispose();
            _outputs[worker].Writer.TryComplete();
        }
    }

    /// <summary>The consumer, on the calling thread: each batch's steps from every worker, in the sequential order.</summary>
    private void Consume(Action<int, EngineStep> onStep)
    {
        var batches = new StepBatch[Workers];
        var order = new StepOrder(Workers);
        while (true)
        {
            var ended = 0;
            for (var w = 0; w < Workers; w++)
            {
                if (!TryRead(_outputs[w].Reader, out batches[w]!))
                {
                    ThrowIfFailed(w);
                    ended++;
                }
            }
            if (ended == Workers)
                return;
            if (ended > 0)
                throw new InvalidOperationException("replay: a partition worker ended before the others without an error.");
            order.Deliver(batches, onStep);
            Return(batches);
        }
    }

    private void ThrowIfFailed(int worker)
    {
        if (_workerFailures[worker] is { } failure)
            throw new InvalidOperationException($"replay: partition worker {worker + 1} of {Workers} failed: {failure.Message}", failure);
    }

    private MoveBatch RentMoves() => _spareMoves.TryDequeue(out var batch) ? batch : new MoveBatch(_flow.BatchSize);

    private StepBatch RentSteps(MoveBatch moves)
    {
        var batch = _spareSteps.TryDequeue(out var spare) ? spare : new StepBatch();
        batch.Moves = moves;
        return batch;
    }

    /// <summary>Every worker is done with a batch once the consumer has it from all of them: both go back for reuse.</summary>
    private void Return(StepBatch[] batches)
    {
        var moves = batches[0].Moves;
        Array.Clear(moves.Moves, 0, moves.Count); // let go of the events
        moves.Count = 0;
        _spareMoves.Enqueue(moves);
        foreach (var batch in batches)
        {
            batch.Steps.Clear();
            batch.Moves = null!;
            _spareSteps.Enqueue(batch);
        }
    }

    private void Write<T>(ChannelWriter<T> writer, T item)
    {
        if (!writer.TryWrite(item))
            writer.WriteAsync(item, _stop.Token).AsTask().GetAwaiter().GetResult();
    }

    private bool TryRead<T>(ChannelReader<T> reader, out T item)
    {
        while (!reader.TryRead(out item!))
        {
            if (!reader.WaitToReadAsync(_stop.Token).AsTask().GetAwaiter().GetResult())
                return false;
        }
        return true;
    }
}

/// <summary>Moves handed from the reader to every worker at once; read-only once sent.</summary>
internal sealed class MoveBatch(int size)
{
    public ReplayMove[] Moves { get; } = new ReplayMove[size];

    public int Count { get; set; }
}

/// <summary>One worker's steps for one <see cref="MoveBatch"/>, in the order it made them.</summary>
internal sealed class StepBatch
{
    public MoveBatch Moves { get; set; } = null!;

    public List<TaggedStep> Steps { get; } = [];
}

/// <summary>
/// A step with where it belongs: the index of its move in the batch, its engine, and — for a wake-up — its round:
/// how many wake-ups of that engine's clock came before it at the same time in the same move.
/// </summary>
internal readonly record struct TaggedStep(int Move, int Engine, int Round, EngineStep Step);
