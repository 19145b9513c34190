using System.Globalization;

namespace RiskTriggers.Engine.Dissatisfaction;

/// <summary>How much one cue of a message moved the conversation's logit (positive: towards dissatisfied).</summary>
public sealed record CueContribution(string Cue, double Logit)
{
    /// <summary>"你们 +0.41 · 到底 +0.33 · 谢谢 −0.30": what a supervisor reads to see why.</summary>
    public static string Describe(IReadOnlyList<CueContribution> cues) =>
        string.Join(" · ", cues.Select(c => $"{c.Cue} {Signed(c.Logit)}"));

    private static string Signed(double value) =>
        (value >= 0 ? "+" : "−") + Math.Abs(value).ToString("0.00", CultureInfo.InvariantCulture);
}
