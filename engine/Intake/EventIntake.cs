using System.Text;
using RiskTriggers.Engine.Events;

namespace RiskTriggers.Engine.Intake;

/// <summary>
/// The one way in for events, whatever carried them (HTTP, a Redis stream entry, a line of a file): reads and
/// validates one raw JSON item (<see cref="EventReader"/>), bounds its <c>occurredAt</c> against the
/// <see cref="IntakeClock"/>, drops an event id it already accepted (when given <see cref="RecentEventIds"/>),
/// counts each outcome (<see cref="Counters"/>) and hands each rejection, with a bounded excerpt of the raw
/// input, to the dead-letter sink.
/// </summary>
public sealed class EventIntake
{
    private readonly IntakeOptions _options;
    private readonly IntakeClock _clock;
    private readonly IDeadLetterSink? _deadLetters;
    private readonly RecentEventIds? _recent;
    private readonly Utf8StringCache _strings = new();

    /// <param name="options">Bounds and limits.</param>
    /// <param name="clock">What <c>occurredAt</c> is measured against: <see cref="IntakeClock.Live(TimeProvider)"/> or <see cref="IntakeClock.FileTime"/>.</param>
    /// <param name="deadLetters">Where <see cref="TakeAsync"/> and <see cref="RefuseAsync"/> put rejections; null keeps them only in the result.</param>
    /// <param name="recent">Event ids already accepted, to answer "duplicate"; null checks none (the engine still dedups per interaction).</param>
    /// <param name="counters">Counts to add to, shared with other intakes; null gives this intake its own.</param>
    public EventIntake(IntakeOptions options, IntakeClock clock, IDeadLetterSink? deadLetters = null,
        RecentEventIds? recent = null, IntakeCounters? counters = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        _options = options;
        _clock = clock;
        _deadLetters = deadLetters;
        _recent = recent;
        Counters = counters ?? new IntakeCounters();
    }

    public IntakeCounters Counters { get; }

    /// <summary>
    /// Takes one item without any I/O: the accepted event, a duplicate, or a rejection naming the field. The caller
    /// keeps the rejection; <see cref="TakeAsync"/> also dead-letters it.
    /// </summary>
    /// <param name="raw">One JSON event.</param>
    /// <param name="source">Where it came from ("http", a stream entry, a file path), for the dead letter.</param>
    /// <param name="position">Its place in the source (batch index, line number).</param>
    public IntakeResult Take(string raw, string source, long position)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var read = EventReader.Read(raw, _options.Limits);
        if (read.Event is not { } e)
            return Rejected(raw, source, position, EventReader.TryEventId(raw), read.Errors);
        return OutOfBounds(e) is { } error ? Rejected(raw, source, position, e.EventId, [error]) : Admit(e);
    }

    /// <summary>
    /// Takes one UTF-8 item, as <see cref="Take(string, string, long)"/>, parsing the bytes themselves: only a
    /// rejected item is decoded (for its excerpt). Bytes that are not UTF-8 are rejected, not patched.
    /// </summary>
    public IntakeResult Take(ReadOnlySpan<byte> utf8, string source, long position)
    {
        var read = EventReader.Read(utf8, _options.Limits, _strings);
        if (read.Event is not { } e)
        {
            var raw = Encoding.UTF8.GetString(utf8);
            return Rejected(raw, source, position, EventReader.TryEventId(raw), read.Errors);
        }
        return OutOfBounds(e) is { } error ? Rejected(Encoding.UTF8.GetString(utf8), source, position, e.EventId, [error]) : Admit(e);
    }

    /// <summary>
    /// <see cref="Take(ReadOnlySpan{byte}, string, long)"/> without a result object for the common case: true and
    /// the event when it is accepted; otherwise false and the duplicate or rejection in <paramref name="other"/>.
    /// </summary>
    public bool TryAccept(ReadOnlySpan<byte> utf8, string source, long position, out InteractionEvent? accepted, out IntakeResult? other)
    {
        if (Utf8EventReader.TryRead(utf8, _options.Limits, _strings) is { } e && OutOfBounds(e) is null)
        {
            if (_recent is null || _recent.TryAdd(e.EventId))
            {
                _clock.Accepted(e.OccurredAt);
                Counters.CountAccepted();
                accepted = e;
                other = null;
                return true;
            }
            Counters.CountDuplicate();
            accepted = null;
            other = IntakeResult.Duplicate(e);
            return false;
        }
        accepted = null;
        other = Take(utf8, source, position);
        if (other.Outcome != IntakeOutcome.Accepted)
            return false;
        accepted = other.Event;
        other = null;
        return true;
    }

    private FieldError? OutOfBounds(InteractionEvent e) => _clock.Check(e.OccurredAt, _options);

    private IntakeResult Admit(InteractionEvent e)
    {
        if (_recent is not null && !_recent.TryAdd(e.EventId))
        {
            Counters.CountDuplicate();
            return IntakeResult.Duplicate(e);
        }
        _clock.Accepted(e.OccurredAt);
        Counters.CountAccepted();
        return IntakeResult.Accepted(e);
    }

    /// <summary>Takes one item and dead-letters it if it is refused.</summary>
    public async ValueTask<IntakeResult> TakeAsync(string raw, string source, long position, CancellationToken ct = default)
    {
        var result = Take(raw, source, position);
        if (result.Rejection is { } rejection && _deadLetters is not null)
            await _deadLetters.DeadLetterAsync(rejection, ct);
        return result;
    }

    /// <summary>
    /// Refuses an item for a reason the caller found (a stream entry without an event, an event that failed every
    /// attempt): counted and dead-lettered like any other rejection.
    /// </summary>
    public async ValueTask<Rejection> RefuseAsync(string raw, string source, long position, IReadOnlyList<FieldError> errors,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var rejection = Rejected(raw, source, position, EventReader.TryEventId(raw), errors).Rejection!;
        if (_deadLetters is not null)
            await _deadLetters.DeadLetterAsync(rejection, ct);
        return rejection;
    }

    /// <summary>
    /// An accepted event the caller could not pass on (a full queue): its id is forgotten, so a retry is accepted
    /// rather than taken for a duplicate, and it is counted as withdrawn.
    /// </summary>
    public void Withdraw(InteractionEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        _recent?.Forget(e.EventId);
        Counters.CountWithdrawn();
    }

    private IntakeResult Rejected(string raw, string source, long position, string? eventId, IReadOnlyList<FieldError> errors)
    {
        Counters.CountRejected();
        var (excerpt, truncatedFrom) = RawExcerpt.Of(raw, _options.ExcerptLength);
        return IntakeResult.Rejected(new Rejection(source, position, eventId, errors, excerpt, _clock.Now(), truncatedFrom));
    }
}
