using RiskTriggers.Engine.Settings;
using RiskTriggers.Engine.Signals;
using RiskTriggers.Engine.Tests.Support;
using static RiskTriggers.Engine.Tests.Support.Ev;

namespace RiskTriggers.Engine.Tests.Signals;

public sealed class InquiryRepeatedTests
{
    [Test]
    public void InquiryRepeated_ThirdInquiry_DoesNotFire()
    {
        using var h = new EngineHarness();
        h.Send(Inquiry(Hours(0)), Inquiry(Hours(1)), Inquiry(Hours(2)));

        Assert.That(h.SignalsOf<InquiryRepeated>(), Is.Empty);
    }

    [Test]
    public void InquiryRepeated_FourthWithin24h_FiresWithAllFourAsEvidence()
    {
        using var h = new EngineHarness();
        h.Send(Inquiry(Hours(0), ix: "a", channel: "phone"), Inquiry(Hours(1), ix: "b", channel: "chat"),
               Inquiry(Hours(2), ix: "c", channel: "email"), Inquiry(Hours(23), ix: "d", channel: "chat"));

        var repeated = h.SignalsOf<InquiryRepeated>().Single();
        Assert.Multiple(() =>
        {
            Assert.That(repeated.Count, Is.EqualTo(4));
            Assert.That(repeated.EventIds, Has.Count.EqualTo(4));
            Assert.That(repeated.InteractionId, Is.EqualTo("d"));
        });
    }

    [Test]
    public void InquiryRepeated_OldInquiriesSlideOutOfTheWindow_StopCounting()
    {
        using var h = new EngineHarness();
        h.Send(Inquiry(Hours(0)), Inquiry(Hours(1)), Inquiry(Hours(2)), Inquiry(Hours(24)));

        Assert.That(h.SignalsOf<InquiryRepeated>(), Is.Empty, "the first inquiry is exactly 24h old and no longer counts");
    }

    [Test]
    public void InquiryRepeated_OtherTopicOrCustomer_CountsSeparately()
    {
        using var h = new EngineHarness();
        h.Send(Inquiry(Hours(0)), Inquiry(Hours(1)), Inquiry(Hours(2)),
               Inquiry(Hours(3), topic: "delivery"), Inquiry(Hours(3), customer: "cust-2"));

        Assert.That(h.SignalsOf<InquiryRepeated>(), Is.Empty);
    }

    [Test]
    public void InquiryRepeated_TierOverride_AppliesToThatTier()
    {
        var settings = RiskSettings.Parse("""{ "overrides": { "customerTier": { "vip": { "inquiryRepeated": { "moreThan": 1 } } } } }""");
        using var h = new EngineHarness(settings);
        h.Send(Started(Sec(0), tier: "vip"), Inquiry(Hours(0)), Inquiry(Hours(1)));

        Assert.That(h.SignalsOf<InquiryRepeated>().Single().MoreThan, Is.EqualTo(1));
    }
}
