using System.Text.Json.Serialization;

namespace RiskTriggers.Host.Alerts;

/// <summary>
/// What came of an alert, recorded when it is resolved: the label that live precision and the training and
/// backtest export are computed from. <see cref="Prevented"/> and <see cref="ComplaintFollowed"/> mean the risk
/// was real (the alert was useful); <see cref="FalseAlarm"/> means it was not.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlertOutcome>))]
public enum AlertOutcome
{
    /// <summary>The risk was real and handling it kept the customer from complaining.</summary>
    [JsonStringEnumMemberName("prevented")] Prevented,

    /// <summary>There was no real risk: the alert should not have fired.</summary>
    [JsonStringEnumMemberName("falseAlarm")] FalseAlarm,

    /// <summary>The risk was real and the customer complained anyway.</summary>
    [JsonStringEnumMemberName("complaintFollowed")] ComplaintFollowed,
}

public static class AlertOutcomes
{
    /// <summary>The wire names, in the order the docs and the dashboard list them.</summary>
    public static IReadOnlyList<string> WireNames => Names;

    private static readonly string[] Names = ["prevented", "falseAlarm", "complaintFollowed"];

    public static string WireName(this AlertOutcome outcome) => Names[(int)outcome];

    /// <summary>Exact wire names only (no numbers, no other casing), so a label is never guessed.</summary>
    public static bool TryParse(string? text, out AlertOutcome outcome)
    {
        var index = text is null ? -1 : Array.IndexOf(Names, text);
        outcome = index < 0 ? default : (AlertOutcome)index;
        return index >= 0;
    }

    /// <summary>Whether the alert pointed at a real risk (the numerator of precision).</summary>
    public static bool WasUseful(this AlertOutcome outcome) => outcome != AlertOutcome.FalseAlarm;
}
