using System.Text.RegularExpressions;
using RiskTriggers.Engine.Alerts;
using RiskTriggers.Engine.Events;
using RiskTriggers.Engine.Pipeline;
using RiskTriggers.Host.Cli;
using RiskTriggers.Host.Ingestion;
using RiskTriggers.Rules;
using RiskTriggers.Host.Tests.Support;

namespace RiskTriggers.Host.Tests;

/// <summary>
/// <c>samples/events.jsonl</c> keeps showing everything the engine can do, its bad lines stay dead letters, and the
/// examples that quote it (docs/api.md, the OpenAPI event examples) quote what it has.
/// </summary>
public sealed partial class SamplesReplayTests
{
    private static readonly TimeSpan Lateness = TimeSpan.FromSeconds(30);

    [Test]
    public void Replay_Samples_RaisesAlertsOfAllFourSignalKinds()
    {
        var kinds = ReplaySamples().Alerts.SelectMany(a => a.Evidence).Select(e => e.Signal).Distinct();

        Assert.That(kinds, Is.SupersetOf(new[] { "InquiryRepeated", "ReplyOverdue", "QueueWaitExceeded", "NegativePhraseSpotted" }));
    }

    [Test]
    public void Replay_Samples_RaisesAlertsOfAllFourRules()
    {
        var rules = ReplaySamples().Alerts.Select(a => a.Rule).Distinct();

        Assert.That(rules, Is.SupersetOf(new[] { "VipCustomer", "EscalationThreat", "MultipleSignals", "SingleSignal" }));
    }

    [Test]
    public void Replay_SamplesBadLines_AreRejectedNamingTheField()
    {
        var outcome = ReplaySamples();

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Rejections.Select(r => r.Position), Is.EqualTo(new long[] { 368, 369, 370 }));
            Assert.That(outcome.Rejections.Select(r => r.Errors.Single().Field), Is.EqualTo(new[] { "eventId", "type", "occurredAt" }));
            Assert.That(outcome.Accepted, Is.EqualTo(367));
            Assert.That(outcome.Failed, Is.Zero);
        });
    }

    [Test]
    public void Replay_SamplesTwice_GivesIdenticalAlerts()
    {
        var first = ReplaySamples().Alerts.Select(a => a.AlertId).ToList();

        var second = ReplaySamples().Alerts.Select(a => a.AlertId).ToList();

        Assert.That(second, Is.Not.Empty.And.EqualTo(first));
    }

    [Test]
    public void ApiDoc_Examples_NameOnlyInteractionsAndEventsOfTheSamples()
    {
        var ids = File.ReadLines(RepositoryFile("samples/events.jsonl"))
            .SelectMany(line => SampleId().Matches(line).Select(m => m.Value)).ToHashSet();

        var named = SampleId().Matches(File.ReadAllText(RepositoryFile("docs/api.md"))).Select(m => m.Value).Distinct().ToList();

        Assert.That(named, Is.Not.Empty);
        Assert.That(named.Where(id => !ids.Contains(id)), Is.Empty, "docs/api.md names these, samples/events.jsonl has them not");
    }

    [Test]
    public void EventExamples_OfTheOpenApiDocument_AreLinesOfTheSamples()
    {
        var lines = File.ReadLines(RepositoryFile("samples/events.jsonl")).ToHashSet();

        string[] examples = [EventExamples.Started, EventExamples.Queued, EventExamples.Assigned, EventExamples.Frustrated, EventExamples.Reply, EventExamples.Threat];

        Assert.That(examples.Where(e => !lines.Contains(e)), Is.Empty);
    }

    [GeneratedRegex(@"\b(ix|cust|evt)-[\w-]*\d\b")]
    private static partial Regex SampleId();

    private static Outcome ReplaySamples()
    {
        using var input = File.OpenRead(RepositoryFile("samples/events.jsonl"));
        var file = new EventFile(input, "samples/events.jsonl", EventLimits.Default);
        var outcome = new Outcome(file.Rejections);
        Replay.Run(file.Events().InTimeOrder(e => e.OccurredAt, Lateness), DefaultEngine.Create(), step =>
        {
            outcome.Alerts.AddRange(step.Alerts);
            outcome.Accepted += step.Event is not null && !step.Duplicate && step.Failure is null ? 1 : 0;
            outcome.Failed += step.Failure is null ? 0 : 1;
        });
        return outcome;
    }

    private static string RepositoryFile(string path) => Repository.File(path);

    private sealed class Outcome(List<Rejection> rejections)
    {
        public List<Alert> Alerts { get; } = [];
        public List<Rejection> Rejections { get; } = rejections;
        public int Accepted { get; set; }
        public int Failed { get; set; }
    }
}
