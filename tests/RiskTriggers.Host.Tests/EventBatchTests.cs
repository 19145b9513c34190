using System.Text;
using RiskTriggers.Host.Ingestion;

namespace RiskTriggers.Host.Tests;

public sealed class EventBatchTests
{
    [Test]
    public void Parse_NdjsonWithBlankAndCrLfLines_SkipsBlanksAndTrims()
    {
        var batch = EventBatch.Parse(Encoding.UTF8.GetBytes("{\"a\":1}\r\n\r\n{\"b\":2}\n"), ndjson: true, maxItems: 10);

        Assert.That(batch.Items, Is.EqualTo(new[] { "{\"a\":1}", "{\"b\":2}" }));
        Assert.That(batch.Error, Is.Null);
    }

    [Test]
    public void Parse_ArrayOfNonObjects_ItemsKeptForPerItemRejection()
    {
        var batch = EventBatch.Parse(Encoding.UTF8.GetBytes("[1, {\"a\":1}]"), ndjson: false, maxItems: 10);

        Assert.That(batch.Items, Has.Count.EqualTo(2));
    }
}
