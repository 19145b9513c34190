using RiskTriggers.Engine.Backtesting;
using RiskTriggers.Engine.Settings;

namespace RiskTriggers.Engine.Tests.Backtesting;

public sealed class ThresholdSweepTests
{
    [Test]
    public void Parse_DurationRange_ValuesFromLowToHighInclusive()
    {
        var sweep = ThresholdSweep.Parse("replyOverdue.after=2m..10m:1m");

        Assert.That(sweep.Path, Is.EqualTo("replyOverdue.after"));
        Assert.That(sweep.Values.Select(v => v.Label), Is.EqualTo(new[] { "2m", "3m", "4m", "5m", "6m", "7m", "8m", "9m", "10m" }));
    }

    [Test]
    public void Parse_NumberRangeWithFractionalStep_NoDriftAtTheEnd()
    {
        var sweep = ThresholdSweep.Parse("negativePhrase.minWeight=1..2:0.1");

        Assert.That(sweep.Values, Has.Count.EqualTo(11));
        Assert.That(sweep.Values[^1].Label, Is.EqualTo("2"));
    }

    [Test]
    public void Parse_List_SortedAscending()
    {
        var sweep = ThresholdSweep.Parse("inquiryRepeated.moreThan=5,2,3");

        Assert.That(sweep.Values.Select(v => v.Label), Is.EqualTo(new[] { "2", "3", "5" }));
    }

    [TestCase("replyOverdue.after")]
    [TestCase("replyOverdue.after=10m..2m:1m")]
    [TestCase("replyOverdue.after=2m..10m")]
    [TestCase("replyOverdue.after=2m..10m:0m")]
    [TestCase("replyOverdue.after=2..10m:1m")]
    [TestCase("replyOverdue.after=1s..1d:1s")]
    public void Parse_MalformedSpec_ThrowsFormatException(string spec)
    {
        Assert.That(() => ThresholdSweep.Parse(spec), Throws.InstanceOf<FormatException>());
    }

    [Test]
    public void SettingsFrom_DurationPath_SetsEachValueAndKeepsOverrides()
    {
        var baseSettings = RiskSettings.Parse("""{ "overrides": { "channel": { "email": { "replyOverdue": { "after": "4h" } } } } }""");

        var documents = ThresholdSweep.Parse("replyOverdue.after=2m..6m:2m").SettingsFrom(baseSettings);

        Assert.That(documents.Select(d => d.Defaults.ReplyOverdue.After), Is.EqualTo(new[] { TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(6) }));
        Assert.That(documents.Select(d => d.For("email", null, null).ReplyOverdue.After), Is.All.EqualTo(TimeSpan.FromHours(4)));
    }

    [Test]
    public void SettingsFrom_IntegerPath_SetsIntegers()
    {
        var documents = ThresholdSweep.Parse("inquiryRepeated.moreThan=2..4:1").SettingsFrom(RiskSettings.BuiltIn);

        Assert.That(documents.Select(d => d.Defaults.InquiryRepeated.MoreThan), Is.EqualTo(new[] { 2, 3, 4 }));
    }

    [Test]
    public void SettingsFrom_UnknownPath_NamesThePathAndWhatIsKnown()
    {
        var sweep = ThresholdSweep.Parse("replyOverdue.aftr=2m..6m:2m");

        Assert.That(() => sweep.SettingsFrom(RiskSettings.BuiltIn),
            Throws.InstanceOf<SettingsException>().With.Message.Contains("replyOverdue.aftr: unknown path").And.Message.Contains("after"));
    }

    [Test]
    public void SettingsFrom_DurationValuesForANumber_Refused()
    {
        var sweep = ThresholdSweep.Parse("inquiryRepeated.moreThan=2m..6m:2m");

        Assert.That(() => sweep.SettingsFrom(RiskSettings.BuiltIn), Throws.InstanceOf<SettingsException>().With.Message.Contains("is a number"));
    }

    [Test]
    public void SettingsFrom_ValueTheValidatorRefuses_ReportsTheValue()
    {
        var sweep = ThresholdSweep.Parse("inquiryRepeated.moreThan=0..2:1");

        Assert.That(() => sweep.SettingsFrom(RiskSettings.BuiltIn),
            Throws.InstanceOf<SettingsException>().With.Message.Contains("inquiryRepeated.moreThan=0: inquiryRepeated.moreThan: must be at least 1"));
    }

    [Test]
    public void SettingsFrom_SectionNotValue_Refused()
    {
        var sweep = ThresholdSweep.Parse("replyOverdue=2..6:2");

        Assert.That(() => sweep.SettingsFrom(RiskSettings.BuiltIn), Throws.InstanceOf<SettingsException>().With.Message.Contains("not a numeric or duration threshold"));
    }
}
