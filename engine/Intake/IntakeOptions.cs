using System.ComponentModel.DataAnnotations;
using RiskTriggers.Engine.Events;

namespace RiskTriggers.Engine.Intake;

/// <summary>
/// What <see cref="EventIntake"/> accepts, bound from <c>RiskTriggers:Intake</c>. The <c>occurredAt</c> bounds are
/// measured against the intake's <see cref="IntakeClock"/>: the wall clock for HTTP and streams, the file's own
/// event time for replay, backtest and explain.
/// </summary>
public sealed class IntakeOptions
{
    public const string Section = "RiskTriggers:Intake";

    /// <summary>
    /// Live (HTTP, streams): how far ahead of the clock an event may be dated (clock skew between the platform and
    /// this host). Later is refused on <c>occurredAt</c>. Default 5 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Live (HTTP, streams): how old an event may be. Older is refused on <c>occurredAt</c>; null checks no age.
    /// Default 30 days (longer than any window or deadline the engine keeps). Files never check age.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan? MaxAge { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Files (replay, backtest, explain): how far an event may be dated after the newest event accepted before it
    /// in the same file. A file is history, so the wall clock says nothing about it; a jump this large is a bad
    /// timestamp, not a quiet night. Default 7 days.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan MaxFileLead { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Longest excerpt of a rejected item's raw input kept in its dead letter, in characters; a longer input is cut
    /// and the dead letter says its original length. Default 1,024.
    /// </summary>
    [Range(64, 1_048_576)]
    public int ExcerptLength { get; set; } = 1_024;

    /// <summary>Field size limits (text, identifiers). Default <see cref="EventLimits.Default"/>.</summary>
    public EventLimits Limits { get; set; } = EventLimits.Default;

    public static IntakeOptions Default { get; } = new();
}
