using RiskTriggers.Engine.Events;

namespace RiskTriggers.Simulation;

/// <summary>
/// Writes the events of one interaction on a cursor that only moves forward, and keeps score of how badly it
/// went so that <see cref="Close"/> can decide whether a complaint follows. Event ids are left empty: the
/// generator numbers events in the order it emits them.
/// </summary>
internal sealed class ScriptWriter(Random random, List<InteractionEvent> events, Cast cast, DateTimeOffset start)
{
    /// <summary>A customer notices a wait longer than these.</summary>
    private static readonly TimeSpan ReplyPatience = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan EmailReplyPatience = TimeSpan.FromHours(8);
    private static readonly TimeSpan QueuePatience = TimeSpan.FromMinutes(10);

    /// <summary>Chance of a complaint with no warning sign at all, and how much each point of badness adds.</summary>
    private const double SilentComplaintChance = 0.03;
    private const double ComplaintChancePerBadness = 0.12;

    private readonly CustomerProfile _customer = cast.Customer;
    private string? _queue;
    private string? _agent;

    public DateTimeOffset Now { get; private set; } = start;

    public double Badness { get; private set; }

    public bool IsEmail => cast.Channel == Topics.Email;

    /// <summary>Started, queued, and an agent assigned after <paramref name="queueWait"/>.</summary>
    public ScriptWriter Open(TimeSpan queueWait)
    {
        Add(EventType.InteractionStarted);
        Now += random.Seconds(2, 20);
        _queue = cast.Queue;
        Add(EventType.QueueEntered);
        Now += queueWait;
        _agent = cast.Agent;
        Add(EventType.AgentAssigned);
        Badness += queueWait > QueuePatience ? 1 : 0;
        return this;
    }

    /// <summary>The customer raises their topic (an inquiry) and says so in the given mood.</summary>
    public ScriptWriter Asks(Mood mood, int contact = 2)
    {
        Now += random.Seconds(5, 30);
        Add(EventType.Inquiry, topic: cast.Topic.Name);
        return Says(mood, contact, random.Seconds(1, 5));
    }

    public ScriptWriter Says(Mood mood, int contact = 2, TimeSpan? after = null)
    {
        Now += after ?? random.Seconds(10, 60);
        Add(EventType.CustomerMessage, text: Phrasebook.CustomerSays(random, mood, _customer.Language, cast.Topic, contact));
        Badness += Phrasebook.Badness(mood);
        return this;
    }

    /// <summary>A quick agent reply: 20 s to 2 min.</summary>
    public ScriptWriter Replies() => Replies(random.Seconds(20, 120));

    public ScriptWriter Replies(TimeSpan after)
    {
        Now += after;
        Add(EventType.AgentMessage, text: Phrasebook.AgentSays(random, _customer.Language));
        Badness += after > (IsEmail ? EmailReplyPatience : ReplyPatience) ? 1 : 0;
        return this;
    }

    /// <summary>Closes the interaction; the worse it went, the likelier a complaint minutes to hours later.</summary>
    public void Close(bool mayComplain = true)
    {
        Now += random.Seconds(30, 120);
        Add(EventType.InteractionClosed);
        if (mayComplain && random.Chance(Math.Min(0.9, SilentComplaintChance + ComplaintChancePerBadness * Badness)))
        {
            Now += random.Minutes(10, 240);
            Add(EventType.ComplaintFiled, topic: cast.Topic.Name,
                text: _customer.Language == Language.Chinese ? $"客户就“{cast.Topic.Name}”问题正式投诉" : $"formal complaint about {cast.Topic.Name}");
        }
    }

    /// <summary>Carries the badness of earlier contacts about the same problem into this one.</summary>
    public ScriptWriter Remembering(double earlierBadness)
    {
        Badness += earlierBadness;
        return this;
    }

    private void Add(EventType type, string? topic = null, string? text = null)
    {
        var agent = type is EventType.AgentAssigned or EventType.AgentMessage or EventType.InteractionClosed ? _agent : null;
        events.Add(new InteractionEvent("", type, Now, cast.InteractionId, _customer.Id, cast.Channel, _queue, agent, _customer.Tier, topic, text));
    }
}

/// <summary>Who and what one interaction is about.</summary>
internal sealed record Cast(string InteractionId, CustomerProfile Customer, Topic Topic, string Channel, string Queue, string Agent);
