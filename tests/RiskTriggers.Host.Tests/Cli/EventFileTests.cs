using RiskTriggers.Engine.Events;
using RiskTriggers.Host.Cli;

namespace RiskTriggers.Host.Tests.Cli;

/// <summary>Files go through the intake on their own time: history is never too old, an outlier date is a rejected line.</summary>
public sealed class EventFileTests
{
    private static string Line(string id, string at) =>
        $$"""{"eventId":"{{id}}","type":"interaction_started","occurredAt":"{{at}}","interactionId":"ix-1","customerId":"cust-1"}""";

    [Test]
    public void Events_OldHistory_AllAccepted()
    {
        var file = new EventFile(new StringReader(Line("e-1", "2001-01-01T00:00:00Z") + "\n" + Line("e-2", "2001-01-02T00:00:00Z")), "old.jsonl", EventLimits.Default);

        Assert.That(file.Events().Select(e => e.EventId), Is.EqualTo(new[] { "e-1", "e-2" }));
        Assert.That(file.Rejections, Is.Empty);
    }

    [Test]
    public void Events_OutlierDateAndRepeatedId_RejectedLineNamesOccurredAtAndRepeatIsADuplicate()
    {
        var lines = string.Join("\n", Line("e-1", "2026-11-24T10:00:00Z"), "", Line("e-2099", "2099-01-01T00:00:00Z"), Line("e-1", "2026-11-24T10:00:00Z"), Line("e-3", "2026-11-24T10:05:00Z"));
        var file = new EventFile(new StringReader(lines), "f.jsonl", EventLimits.Default);

        var events = file.Events().Select(e => e.EventId).ToList();

        var rejection = file.Rejections.Single();
        Assert.Multiple(() =>
        {
            Assert.That(events, Is.EqualTo(new[] { "e-1", "e-3" }));
            Assert.That((rejection.Position, rejection.EventId, rejection.Errors.Single().Field), Is.EqualTo((3L, "e-2099", "occurredAt")));
            Assert.That(file.Duplicates, Is.EqualTo(1));
            Assert.That(file.LinesRead, Is.EqualTo(5));
        });
    }

    [Test]
    public void ReplaySummary_RejectedLine_NamesLineNumberFieldAndReason()
    {
        var file = new EventFile(new StringReader(Line("e-1", "2026-11-24T10:00:00Z") + "\n" + Line("e-2099", "2099-01-01T00:00:00Z")), "f.jsonl", EventLimits.Default);
        _ = file.Events().ToList();
        var output = new StringWriter();

        new ReplaySummary().WriteTo(output, file);

        Assert.That(output.ToString(), Does.Contain("replay: 2 lines, 0 events accepted, 0 duplicates, 1 rejected, 0 failed")
            .And.Contain("rejected line 2 (e-2099): occurredAt: 2099-01-01T00:00:00Z is "));
    }
}
