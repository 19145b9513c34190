using RiskTriggers.Engine.Events;

namespace RiskTriggers.Engine.Tests.Events;

public sealed class EventReaderTests
{
    private const string Valid = """
        {"eventId":"evt-1","type":"customer_message","occurredAt":"2026-11-24T10:00:00Z","interactionId":"ix-42",
         "customerId":"cust-7","channel":"Chat","queue":"billing","agentId":"agent-3","customerTier":"VIP","topic":"refund",
         "text":"怎么回事，退款还没到账","somethingNew":{"ignored":true}}
        """;

    private static IReadOnlyList<FieldError> Errors(string json, EventLimits? limits = null) =>
        EventReader.Read(json, limits ?? EventLimits.Default).Errors;

    private static string Without(string field) =>
        Valid.Replace($"\"{field}\":", $"\"_{field}\":", StringComparison.Ordinal);

    [Test]
    public void Read_ValidEventWithUnknownField_IsAcceptedAndNormalised()
    {
        var e = EventReader.Read(Valid, EventLimits.Default).Event!;

        Assert.Multiple(() =>
        {
            Assert.That(e.Type, Is.EqualTo(EventType.CustomerMessage));
            Assert.That(e.OccurredAt, Is.EqualTo(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero)));
            Assert.That((e.Channel, e.CustomerTier), Is.EqualTo(("chat", "vip")));
            Assert.That(e.Text, Is.EqualTo("怎么回事，退款还没到账"));
        });
    }

    [TestCase("eventId")]
    [TestCase("type")]
    [TestCase("occurredAt")]
    [TestCase("interactionId")]
    [TestCase("customerId")]
    public void Read_MissingRequiredField_NamesTheField(string field) =>
        Assert.That(Errors(Without(field)), Is.EqualTo(new[] { new FieldError(field, "is required") }));

    [Test]
    public void Read_UnknownType_ListsTheKnownTypes()
    {
        var error = Errors(Valid.Replace("customer_message", "customer_yelled")).Single();

        Assert.Multiple(() =>
        {
            Assert.That(error.Field, Is.EqualTo("type"));
            Assert.That(error.Reason, Does.Contain("'customer_yelled' is not a known type").And.Contain("interaction_started"));
        });
    }

    [TestCase("yesterday")]
    [TestCase("2026-11-24T10:00:00")]
    [TestCase("2026-13-24T10:00:00Z")]
    [TestCase("24/11/2026 10:00")]
    public void Read_BadTimestamp_IsRejected(string occurredAt) =>
        Assert.That(Errors(Valid.Replace("2026-11-24T10:00:00Z", occurredAt)).Single().Field, Is.EqualTo("occurredAt"));

    [Test]
    public void Read_TimestampWithOffset_IsConvertedToUtc() =>
        Assert.That(EventReader.Read(Valid.Replace("2026-11-24T10:00:00Z", "2026-11-24T18:00:00+08:00"), EventLimits.Default).Event!.OccurredAt,
            Is.EqualTo(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero)));

    [Test]
    public void Read_TextOverLimit_IsRejectedWithTheLimit()
    {
        var error = Errors(Valid, new EventLimits { MaxTextLength = 5 }).Single();

        Assert.That(error, Is.EqualTo(new FieldError("text", "is 11 characters; the limit is 5")));
    }

    [Test]
    public void Read_IdOverLimit_IsRejected() =>
        Assert.That(Errors(Valid, new EventLimits { MaxIdLength = 4 }).Select(e => e.Field),
            Is.EquivalentTo(new[] { "eventId", "interactionId", "customerId", "agentId" }));

    [Test]
    public void Read_InquiryWithoutTopic_NamesTopic() =>
        Assert.That(Errors(Without("topic").Replace("customer_message", "inquiry")), Is.EqualTo(new[] { new FieldError("topic", "is required for type 'inquiry'") }));

    [Test]
    public void Read_CustomerMessageWithoutText_NamesText() =>
        Assert.That(Errors(Without("text")).Single().Field, Is.EqualTo("text"));

    [TestCase("agent_assigned")]
    [TestCase("agent_message")]
    public void Read_AgentEventWithoutAgent_NamesAgentId(string type) =>
        Assert.That(Errors(Without("agentId").Replace("customer_message", type)).Single().Field, Is.EqualTo("agentId"));

    [Test]
    public void Read_FieldOfWrongJsonType_NamesTheField() =>
        Assert.That(Errors(Valid.Replace("\"ix-42\"", "42")).Single(), Is.EqualTo(new FieldError("interactionId", "must be a string")));

    [TestCase("not json")]
    [TestCase("[1,2]")]
    [TestCase("{\"eventId\":")]
    public void Read_NotAJsonObject_IsRejectedAsAWhole(string json) =>
        Assert.That(Errors(json).Single().Field, Is.EqualTo("$"));

    [Test]
    public void Read_SeveralProblems_AreAllReported() =>
        Assert.That(Errors("""{"type":"nope","occurredAt":"soon"}""").Select(e => e.Field),
            Is.EquivalentTo(new[] { "eventId", "interactionId", "customerId", "type", "occurredAt" }));
}
