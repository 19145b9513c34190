using RiskTriggers.Engine.Events;
using RiskTriggers.Host.Cli;

namespace RiskTriggers.Host.Tests.Cli;

/// <summary>Files go through the intake on their own time: history is never too old, an outlier date is a rejected line.</summary>
public sealed class EventFileTests
{
    private static string Line(string id, string at) =>
        $$"""{"eventId":"{{id}}","type":"interaction_started","occurredAt":"{{at}}","interactionId":"ix-1","customerId":"cust-1"}""";

    private static MemoryStream Utf8(string text) => new(System.Text.Encoding.UTF8.GetBytes(text));

    [Test]
    public void Events_ByteOrderMarkCrLfAndNoFinalNewline_ReadLikePlainLines()
    {
        var bytes = "\uFEFF"u8.ToArray().Concat(System.Text.Encoding.UTF8.GetBytes(
            Line("e-1", "2026-11-24T10:00:00Z") + "\r\n\r\n" + Line("e-2", "2026-11-24T10:01:00Z"))).ToArray();
        var file = new EventFile(new MemoryStream(bytes), "crlf.jsonl", EventLimits.Default);

        Assert.That(file.Events().Select(e => e.EventId), Is.EqualTo(new[] { "e-1", "e-2" }));
        Assert.That((file.LinesRead, file.Rejections.Count), Is.EqualTo((3, 0)));
    }

    [Test]
    public void Events_LineLongerThanTheReadBuffer_IsReadWhole()
    {
        var text = new string('x', 200_000);
        var message = $$"""{"eventId":"e-long","type":"customer_message","occurredAt":"2026-11-24T10:00:00Z","interactionId":"ix-1","customerId":"cust-1","text":"{{text}}"}""";
        var file = new EventFile(Utf8(Line("e-1", "2026-11-24T09:59:00Z") + "\n" + message + "\n"), "long.jsonl", new Engine.Intake.IntakeOptions
        {
            Limits = EventLimits.Default with { MaxTextLength = 300_000 },
        });

        var events = file.Events().ToList();

        Assert.That(events.Select(e => (e.EventId, e.Text?.Length)), Is.EqualTo(new[] { ("e-1", (int?)null), ("e-long", 200_000) }));
    }

    [Test]
    public void Events_BytesThatAreNotUtf8_RejectedWithTheirLineNumber()
    {
        var good = System.Text.Encoding.UTF8.GetBytes(Line("e-1", "2026-11-24T10:00:00Z") + "\n");
        var bad = System.Text.Encoding.UTF8.GetBytes(Line("e-2", "2026-11-24T10:01:00Z").Replace("cust-1", "cust-\u00e9"));
        bad[Array.IndexOf(bad, (byte)0xC3)] = 0xFF; // a byte that never occurs in UTF-8
        var file = new EventFile(new MemoryStream([.. good, .. bad]), "latin1.jsonl", EventLimits.Default);

        Assert.That(file.Events().Select(e => e.EventId), Is.EqualTo(new[] { "e-1" }));
        var rejection = file.Rejections.Single();
        Assert.That((rejection.Position, rejection.Errors.Single().Field), Is.EqualTo((2L, "customerId")));
        Assert.That(rejection.Errors.Single().Reason, Is.EqualTo("is not valid UTF-8 text"));
    }

    [Test]
    public void Events_OldHistory_AllAccepted()
    {
        var file = new EventFile(Utf8(Line("e-1", "2001-01-01T00:00:00Z") + "\n" + Line("e-2", "2001-01-02T00:00:00Z")), "old.jsonl", EventLimits.Default);

        Assert.That(file.Events().Select(e => e.EventId), Is.EqualTo(new[] { "e-1", "e-2" }));
        Assert.That(file.Rejections, Is.Empty);
    }

    [Test]
    public void Events_OutlierDateAndRepeatedId_RejectedLineNamesOccurredAtAndRepeatIsADuplicate()
    {
        var lines = string.Join("\n", Line("e-1", "2026-11-24T10:00:00Z"), "", Line("e-2099", "2099-01-01T00:00:00Z"), Line("e-1", "2026-11-24T10:00:00Z"), Line("e-3", "2026-11-24T10:05:00Z"));
        var file = new EventFile(Utf8(lines), "f.jsonl", EventLimits.Default);

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
        var file = new EventFile(Utf8(Line("e-1", "2026-11-24T10:00:00Z") + "\n" + Line("e-2099", "2099-01-01T00:00:00Z")), "f.jsonl", EventLimits.Default);
        _ = file.Events().ToList();
        var output = new StringWriter();

        new ReplaySummary().WriteTo(output, file);

        Assert.That(output.ToString(), Does.Contain("replay: 2 lines, 0 events accepted, 0 duplicates, 1 rejected, 0 failed")
            .And.Contain("rejected line 2 (e-2099): occurredAt: 2099-01-01T00:00:00Z is "));
    }
}
