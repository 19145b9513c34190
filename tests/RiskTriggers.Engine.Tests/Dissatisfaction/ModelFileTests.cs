using System.Text;
using RiskTriggers.Engine.Dissatisfaction;
using RiskTriggers.Engine.Events;

namespace RiskTriggers.Engine.Tests.Dissatisfaction;

public sealed class ModelFileTests
{
    [TestCase("{ \"format\": ", "is not valid JSON (line 1)")]
    [TestCase("""{ "format": "something-else", "version": 1 }""", "format: expected \"risktriggers.dissatisfaction-model\"")]
    [TestCase("""{ "format": "risktriggers.dissatisfaction-model", "version": 9 }""", "this build reads version 1, the file has 9")]
    [TestCase("""{ "format": "risktriggers.dissatisfaction-model", "version": 1, "languages": { "fr": {} } }""", "languages.fr: unknown language")]
    [TestCase("""{ "format": "risktriggers.dissatisfaction-model", "version": 1, "languages": { "zh": { "operatingPoint": 0, "shape": { "messages": 0, "questions": 0, "exclamations": 0, "length": 0 }, "cues": { "你们": "high" } } } }""",
        "languages.zh.bias: is required; languages.zh.cues.你们: expected a number, got \"high\"")]
    public void Parse_BadFile_SaysWhereAndWhat(string json, string expected)
    {
        var error = Assert.Throws<ModelFileException>(() => ModelFile.Parse(Encoding.UTF8.GetBytes(json), "my-model.json"))!;

        Assert.That(error.Message, Does.StartWith("model my-model.json: ").And.Contain(expected));
    }

    [Test]
    public void Read_MissingFile_NamesIt() =>
        Assert.That(() => ModelFile.Read("/no/such/model.json"),
            Throws.TypeOf<ModelFileException>().With.Message.Contains("/no/such/model.json").And.Message.Contains("cannot be read"));

    [Test]
    public void ShippedModel_RoundTripsThroughTheFileFormat()
    {
        var shipped = Rules.Models.DefaultModel.Load();
        using var first = new MemoryStream();
        ModelFile.Write(shipped, first);
        var again = ModelFile.Parse(first.ToArray(), "round trip");
        using var second = new MemoryStream();
        ModelFile.Write(again, second);

        Assert.That(Encoding.UTF8.GetString(second.ToArray()), Is.EqualTo(Encoding.UTF8.GetString(first.ToArray())));
        Assert.That(again.For(Language.Zh)!.Cues.Count, Is.EqualTo(shipped.For(Language.Zh)!.Cues.Count));
    }

    [TestCase("""{"eventId":"r1","type":"satisfaction_rated","occurredAt":"2026-01-05T08:00:00Z","interactionId":"ix","customerId":"c"}""", "score", "is required for type 'satisfaction_rated'")]
    [TestCase("""{"eventId":"r1","type":"satisfaction_rated","occurredAt":"2026-01-05T08:00:00Z","interactionId":"ix","customerId":"c","score":"bad"}""", "score", "must be a number")]
    public void SatisfactionRated_WithoutANumberScore_IsRejectedNamingTheField(string json, string field, string reason)
    {
        var result = EventReader.Read(json, EventLimits.Default);

        Assert.That(result.Errors.Select(e => (e.Field, e.Reason.Contains(reason))), Does.Contain((field, true)));
    }

    [Test]
    public void SatisfactionRated_WithAScore_IsRead() =>
        Assert.That(EventReader.Read("""{"eventId":"r1","type":"satisfaction_rated","occurredAt":"2026-01-05T08:00:00Z","interactionId":"ix","customerId":"c","score":-0.53}""",
            EventLimits.Default).Event!.Score, Is.EqualTo(-0.53));

    [Test]
    public void SatisfactionRated_ReadFromUtf8Bytes_KeepsItsScore() =>
        Assert.That(EventReader.Read("{\"eventId\":\"r1\",\"type\":\"satisfaction_rated\",\"occurredAt\":\"2026-01-05T08:00:00Z\",\"interactionId\":\"ix\",\"customerId\":\"c\",\"score\":-1.25}"u8,
            EventLimits.Default).Event!.Score, Is.EqualTo(-1.25));
}
