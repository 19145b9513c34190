using RiskTriggers.Engine.Signals;

namespace RiskTriggers.Engine.Settings;

/// <summary>Checks that thresholds make sense; each error names the field by its JSON path.</summary>
internal static class ThresholdsValidator
{
    public static IEnumerable<string> Validate(Thresholds t, string prefix)
    {
        if (t.InquiryRepeated.MoreThan < 1)
            yield return $"{prefix}inquiryRepeated.moreThan: must be at least 1, was {t.InquiryRepeated.MoreThan}";
        foreach (var error in Positive(prefix + "inquiryRepeated.window", t.InquiryRepeated.Window))
            yield return error;
        foreach (var error in Positive(prefix + "replyOverdue.after", t.ReplyOverdue.After))
            yield return error;
        foreach (var error in Positive(prefix + "queueWaitExceeded.after", t.QueueWaitExceeded.After))
            yield return error;
        if (t.NegativePhrase.MinWeight <= 0)
            yield return $"{prefix}negativePhrase.minWeight: must be greater than 0, was {t.NegativePhrase.MinWeight}";
        if (t.Dissatisfaction.Threshold is <= 0 or > 1 || double.IsNaN(t.Dissatisfaction.Threshold))
            yield return $"{prefix}dissatisfaction.threshold: must be greater than 0 and at most 1 (0.5 is the model's trained operating point), was {t.Dissatisfaction.Threshold}";
        if (t.Dissatisfaction.SustainedMessages is < 1 or > DissatisfactionThresholds.MaxSustainedMessages)
            yield return $"{prefix}dissatisfaction.sustainedMessages: must be 1 to {DissatisfactionThresholds.MaxSustainedMessages}, was {t.Dissatisfaction.SustainedMessages}";
        foreach (var (phraseClass, weight) in t.NegativePhrase.Weights.Where(w => w.Value < 0))
            yield return $"{prefix}negativePhrase.weights.{phraseClass.WireName()}: must not be negative, was {weight}";
        foreach (var error in Positive(prefix + "alerts.cooldown", t.Alerts.Cooldown, allowZero: true))
            yield return error;
        foreach (var error in Positive(prefix + "alerts.ackTimeout", t.Alerts.AckTimeout))
            yield return error;
    }

    private static IEnumerable<string> Positive(string field, TimeSpan value, bool allowZero = false)
    {
        if (value < TimeSpan.Zero || (!allowZero && value == TimeSpan.Zero))
            yield return $"{field}: must be {(allowZero ? "zero or" : "")} a positive duration such as 5m, was {Durations.Format(value)}".Replace("  ", " ");
    }
}
