using System.Text.Json;
using System.Text.RegularExpressions;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Pipeline;
using RiskTriggers.Rules;
using RiskTriggers.Engine.Signals;
using RiskTriggers.Engine.Signals.Phrases;
using RiskTriggers.Simulation;
using RiskTriggers.Rules.Lexicons;

namespace RiskTriggers.Engine.Tests.Simulation;

public sealed class TrafficGeneratorTests
{
    private static readonly TrafficOptions Busy = new() { Interactions = 400, Duration = TimeSpan.FromHours(4) };

    private static List<InteractionEvent> Generate(TrafficOptions options) => [.. new TrafficGenerator(options).Generate()];

    [Test]
    public void Generate_SameSeed_GivesIdenticalEvents()
    {
        var first = Generate(Busy with { Seed = 11 });
        var second = Generate(Busy with { Seed = 11 });

        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void Generate_EnumeratedTwice_GivesIdenticalEvents()
    {
        var generator = new TrafficGenerator(Busy);
        var first = generator.Generate().ToList();

        var second = generator.Generate().ToList();

        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void Generate_DifferentSeed_GivesDifferentEvents()
    {
        var seven = Generate(Busy with { Seed = 7 });
        var eight = Generate(Busy with { Seed = 8 });

        Assert.That(eight, Is.Not.EqualTo(seven));
    }

    [Test]
    public void Generate_AnySeed_EmitsEventsInNonDecreasingTimeOrder()
    {
        foreach (var seed in new[] { 1, 7, 42 })
        {
            var times = Generate(Busy with { Seed = seed }).Select(e => e.OccurredAt).ToList();
            Assert.That(times, Is.Ordered, $"seed {seed}");
        }
    }

    [Test]
    public void Generate_DefaultMix_ContainsEveryEventTypeIncludingComplaints()
    {
        var types = Generate(Busy).Select(e => e.Type).ToHashSet();

        // Surveys are not simulated: ratings come from a platform's survey (or make_events.py --ratings).
        Assert.That(types, Is.EquivalentTo(Enum.GetValues<EventType>().Where(t => t != EventType.SatisfactionRated)));
    }

    [Test]
    public void Generate_DefaultMix_ContainsEveryChannelQueueAndTier()
    {
        var events = Generate(Busy);

        Assert.Multiple(() =>
        {
            Assert.That(events.Select(e => e.Channel).Distinct(), Is.EquivalentTo(new[] { "chat", "phone", "app", "email" }));
            Assert.That(events.Select(e => e.Queue).OfType<string>().Distinct(), Is.EquivalentTo(new[] { "billing", "tech", "sales", "retention" }));
            Assert.That(events.Select(e => e.CustomerTier).Distinct(), Is.EquivalentTo(new[] { "vip", "standard" }));
        });
    }

    [Test]
    public void Generate_Ids_AreNumberedLikeThePlatformsOnes()
    {
        var events = Generate(Busy);

        Assert.Multiple(() =>
        {
            Assert.That(events.Select(e => e.EventId), Is.EqualTo(events.Select((_, i) => $"evt-{i + 1:D6}")));
            Assert.That(events.All(e => Regex.IsMatch(e.InteractionId, @"^ix-\d{5}$")), Is.True);
            Assert.That(events.All(e => Regex.IsMatch(e.CustomerId, @"^cust-\d{4}$")), Is.True);
            Assert.That(events.Where(e => e.AgentId is not null).All(e => Regex.IsMatch(e.AgentId!, @"^agent-\d{2}$")), Is.True);
            Assert.That(events.Select(e => e.InteractionId).Distinct().Count(), Is.EqualTo(Busy.Interactions));
        });
    }

    [Test]
    public void Generate_SingleContactScenarios_StartWithinTheDurationFromStart()
    {
        var singleContacts = Busy with { Mix = TrafficOptions.DefaultMix.Where(kv => kv.Key != Scenario.RepeatInquiry).ToDictionary() };

        var starts = Generate(singleContacts).Where(e => e.Type == EventType.InteractionStarted).Select(e => e.OccurredAt).ToList();

        Assert.That(starts, Has.All.InRange(Busy.Start, Busy.Start + Busy.Duration));
    }

    [Test]
    public void Generate_EveryEvent_SurvivesSerializationAndValidationUnchanged()
    {
        foreach (var e in Generate(Busy))
        {
            var result = EventReader.Read(JsonSerializer.Serialize(e, EngineJson.Default.InteractionEvent), EventLimits.Default);
            Assert.That(result.Errors, Is.Empty, e.EventId);
            Assert.That(result.Event, Is.EqualTo(e));
        }
    }

    [Test]
    public void Generate_MillionEvents_StreamsHoldingOnlyTheActiveInteractions()
    {
        var generator = new TrafficGenerator(new TrafficOptions { Interactions = 150_000, Duration = TimeSpan.FromDays(10) });

        var count = generator.Generate().Take(1_000_000).Count();

        Assert.Multiple(() =>
        {
            Assert.That(count, Is.EqualTo(1_000_000));
            Assert.That(generator.PeakActiveScripts, Is.LessThan(2_000), "scripts held at once (of 150,000 interactions)");
        });
    }

    [Test]
    public void AngryCustomers_MostAreFlaggedByTheShippedModel()
    {
        var angry = Busy with { Interactions = 60, Mix = new Dictionary<Scenario, double> { [Scenario.AngryCustomer] = 1 } };
        var flagged = new HashSet<string>();
        Replay.Run(Generate(angry), DefaultEngine.Create(), step =>
            flagged.UnionWith(step.Signals.OfType<DissatisfactionPredicted>().Select(s => s.InteractionId)));

        // The demo must show the model's signal, not only the lexicon's: the phrasebook's frustrated lines carry
        // the cues the model learned from real dissatisfied customers (你们到底…, "why don't you…").
        Assert.That(flagged, Has.Count.GreaterThanOrEqualTo(30), "of 60 angry customers");
    }

    [Test]
    public void Phrasebook_EveryCustomerLine_HitsTheLexiconExactlyWhenItsMoodMeansTrouble()
    {
        var spotter = new PhraseSpotter(DefaultLexicon.Load());
        var expected = new Dictionary<Mood, PhraseClass?>
        {
            [Mood.Calm] = null, [Mood.Thanks] = null, [Mood.Negated] = null, [Mood.Frustrated] = PhraseClass.Frustration,
            [Mood.Threat] = PhraseClass.EscalationThreat, [Mood.Churn] = PhraseClass.Churn, [Mood.Repeat] = PhraseClass.RepeatContact,
        };
        Assert.Multiple(() =>
        {
            foreach (var (mood, phraseClass) in expected)
            foreach (var language in Enum.GetValues<Language>())
            foreach (var line in Topics.All.SelectMany(topic => Phrasebook.EveryLine(mood, language, topic)))
            {
                var classes = spotter.Spot(line).Select(h => h.Class).ToList();
                if (phraseClass is { } c)
                    Assert.That(classes, Does.Contain(c), line);
                else
                    Assert.That(classes, Is.Empty, line);
            }
        });
    }
}
