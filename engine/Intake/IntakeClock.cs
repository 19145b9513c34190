using System.Globalization;
using System.Reactive.Concurrency;
using RiskTriggers.Engine.Events;

namespace RiskTriggers.Engine.Intake;

/// <summary>
/// What an event's <c>occurredAt</c> is measured against, and when a rejection is stamped.
/// <list type="bullet">
/// <item><see cref="Live(TimeProvider)"/> / <see cref="Live(IScheduler)"/> (HTTP, streams): "now" from the clock;
/// an event more than <see cref="IntakeOptions.MaxFutureSkew"/> ahead of it or older than
/// <see cref="IntakeOptions.MaxAge"/> is refused.</item>
/// <item><see cref="FileTime"/> (replay, backtest, explain): a file's own time, the newest event accepted so far;
/// an event more than <see cref="IntakeOptions.MaxFileLead"/> after it is refused and age is not checked, so a
/// replayed history gives the same result whenever it is replayed. The first event of a file sets the time.</item>
/// </list>
/// One live clock serves any number of callers; a file clock belongs to one file.
/// </summary>
public abstract class IntakeClock
{
    private protected IntakeClock()
    {
    }

    public static IntakeClock Live(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return new LiveClock(time.GetUtcNow);
    }

    public static IntakeClock Live(IScheduler scheduler)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        return new LiveClock(() => scheduler.Now);
    }

    public static IntakeClock FileTime() => new FileClock();

    /// <summary>Why <paramref name="occurredAt"/> is out of bounds, or null if it is in.</summary>
    internal abstract FieldError? Check(DateTimeOffset occurredAt, IntakeOptions options);

    /// <summary>An event dated <paramref name="occurredAt"/> was accepted.</summary>
    internal virtual void Accepted(DateTimeOffset occurredAt)
    {
    }

    /// <summary>When a rejection happened, for its dead letter.</summary>
    internal abstract DateTimeOffset Now();

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private sealed class LiveClock(Func<DateTimeOffset> now) : IntakeClock
    {
        internal override FieldError? Check(DateTimeOffset occurredAt, IntakeOptions options)
        {
            var current = now();
            var ahead = occurredAt - current;
            if (ahead > options.MaxFutureSkew)
                return new FieldError("occurredAt",
                    $"{Stamp(occurredAt)} is {Durations.Format(ahead)} in the future (now {Stamp(current)}); at most {Durations.Format(options.MaxFutureSkew)} ahead is accepted");
            if (options.MaxAge is { } maxAge && -ahead > maxAge)
                return new FieldError("occurredAt",
                    $"{Stamp(occurredAt)} is {Durations.Format(-ahead)} old (now {Stamp(current)}); events older than {Durations.Format(maxAge)} are refused");
            return null;
        }

        internal override DateTimeOffset Now() => now();
    }

    private sealed class FileClock : IntakeClock
    {
        private DateTimeOffset? _newest;

        internal override FieldError? Check(DateTimeOffset occurredAt, IntakeOptions options) =>
            _newest is { } newest && occurredAt - newest > options.MaxFileLead
                ? new FieldError("occurredAt",
                    $"{Stamp(occurredAt)} is {Durations.Format(occurredAt - newest)} after the newest event before it ({Stamp(newest)}); a file may move ahead at most {Durations.Format(options.MaxFileLead)} at once")
                : null;

        internal override void Accepted(DateTimeOffset occurredAt)
        {
            if (_newest is not { } newest || occurredAt > newest)
                _newest = occurredAt;
        }

        // Files are history: a rejection carries the file's time, so the outcome of a replay does not depend on when it ran.
        internal override DateTimeOffset Now() => _newest ?? DateTimeOffset.MinValue;
    }
}
