using RiskTriggers.Engine.Events;

namespace RiskTriggers.Simulation;

/// <summary>
/// One customer, one unresolved problem, several contacts over hours on whatever channel is at hand: the
/// story behind <c>InquiryRepeated</c>. From the third contact on they say how often they have tried.
/// </summary>
internal static class RepeatInquiries
{
    public const int MinContacts = 4;
    public const int MaxContacts = 5;

    public static void Write(ScriptFactory factory, Random random, DateTimeOffset start, List<InteractionEvent> events)
    {
        var customer = factory.PickCustomer();
        var topic = random.Pick(Topics.Recurring);
        var contacts = Math.Min(random.Next(MinContacts, MaxContacts + 1), factory.Remaining);
        var badness = 0.0;
        for (var contact = 0; contact < contacts; contact++)
        {
            var channel = random.Chance(0.15) ? Topics.Email : factory.PickLiveChannel();
            var w = factory.Writer(events, customer, topic, channel, topic.Queue, start).Remembering(badness);
            var mood = contact >= 2 ? Mood.Repeat : Mood.Calm;
            var last = contact == contacts - 1;
            if (w.IsEmail)
                Scenarios.Email(w, random, mood, contact, mayComplain: last);
            else
                w.Open(Scenarios.Quick(random)).Asks(mood, contact).Replies().Says(Mood.Thanks).Replies().Close(mayComplain: last);
            badness = w.Badness;
            start += random.Minutes(40, 150);
        }
    }
}
