using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Processing;

namespace RiskTriggers.Engine.Pipeline;

/// <summary>
/// Runs engine steps one at a time, in the order they were posted — an event to handle, or a wake-up to fire
/// what is due — and hands each result on as soon as it is done: at once when the step completed synchronously
/// (the keyed engine, a replay), after an await otherwise. It replaces <c>Concat(FromAsync(...))</c>, which
/// allocated a scheduler per step that registers with Rx's global clock under a lock — a fifth of replay time
/// in a CPU trace. A step is two words in a queue, no closure.
/// </summary>
internal sealed class SerialSteps(IRiskEngine engine, IObserver<EngineStep> observer) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Queue<(DateTimeOffset At, InteractionEvent? Event)> _queue = new();
    private readonly CancellationTokenSource _stopping = new();
    private bool _draining;
    private bool _ended;
    private Exception? _error;

    /// <summary>Queues handling <paramref name="e"/>, or (null) firing what is due at <paramref name="at"/>.</summary>
    public void Post(DateTimeOffset at, InteractionEvent? e)
    {
        lock (_gate)
        {
            if (_ended)
                return;
            _queue.Enqueue((at, e));
            if (_draining)
                return;
            _draining = true;
        }
        Drain();
    }

    /// <summary>No more work: the observer completes (or errs) once what is queued has run.</summary>
    public void End(Exception? error = null)
    {
        lock (_gate)
        {
            _ended = true;
            _error = error;
            if (_draining)
                return;
            _draining = true;
        }
        Drain();
    }

    public void Dispose() => _stopping.Cancel();

    private void Drain()
    {
        while (true)
        {
            (DateTimeOffset At, InteractionEvent? Event) work;
            lock (_gate)
            {
                if (!_queue.TryDequeue(out work))
                {
                    _draining = false;
                    if (_ended)
                        Finish();
                    return;
                }
            }
            var step = Run(work.At, work.Event, _stopping.Token);
            if (!step.IsCompleted)
            {
                _ = ContinueAsync(step);
                return;
            }
            observer.OnNext(step.Result);
        }
    }

    private async Task ContinueAsync(ValueTask<EngineStep> step)
    {
        observer.OnNext(await step);
        Drain();
    }

    private void Finish()
    {
        if (_error is { } error)
            observer.OnError(error);
        else
            observer.OnCompleted();
    }

    /// <summary>A failure becomes a failed step, so one bad step never ends the pipeline.</summary>
    private ValueTask<EngineStep> Run(DateTimeOffset at, InteractionEvent? e, CancellationToken ct)
    {
        ValueTask<EngineStep> step;
        try
        {
            step = e is null ? engine.FireDueAsync(at, ct) : engine.HandleAsync(e, ct);
        }
        catch (Exception ex) when (IsFailure(ex, ct))
        {
            return new(EngineStep.FailedOn(at, e, ex));
        }
        return step.IsCompletedSuccessfully ? step : Guarded(at, e, step, ct);
    }

    private static async ValueTask<EngineStep> Guarded(DateTimeOffset at, InteractionEvent? e, ValueTask<EngineStep> step, CancellationToken ct)
    {
        try
        {
            return await step;
        }
        catch (Exception ex) when (IsFailure(ex, ct))
        {
            return EngineStep.FailedOn(at, e, ex);
        }
    }

    private static bool IsFailure(Exception ex, CancellationToken ct) => ex is not OperationCanceledException || !ct.IsCancellationRequested;
}
