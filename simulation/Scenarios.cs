namespace RiskTriggers.Simulation;

/// <summary>The script of each single-interaction scenario, as the customer and the agent would live it.</summary>
internal static class Scenarios
{
    public static void Write(Scenario scenario, ScriptWriter w, Random random)
    {
        switch (scenario)
        {
            case Scenario.SlowReply:
                w.Open(Quick(random)).Asks(Mood.Calm).Replies(random.Minutes(6, 15))
                    .Says(random.Chance(0.5) ? Mood.Frustrated : Mood.Thanks).Replies().Close();
                break;
            case Scenario.LongQueueWait:
                w.Open(random.Minutes(11, 25)).Asks(random.Chance(0.5) ? Mood.Frustrated : Mood.Calm).Replies()
                    .Says(Mood.Thanks).Replies().Close();
                break;
            case Scenario.AngryCustomer:
                w.Open(Quick(random)).Asks(Mood.Calm).Replies().Says(Mood.Frustrated).Replies();
                if (random.Chance(0.5))
                    w.Says(Mood.Frustrated).Replies();
                w.Close();
                break;
            case Scenario.EscalationThreat:
                w.Open(Quick(random)).Asks(Mood.Frustrated).Replies().Says(Mood.Threat).Replies().Close();
                break;
            case Scenario.Churn:
                w.Open(Quick(random)).Asks(Mood.Calm).Replies().Says(Mood.Churn).Replies().Close();
                break;
            case Scenario.RepeatContact:
                w.Open(Quick(random)).Asks(Mood.Repeat).Replies().Says(Mood.Thanks).Replies().Close();
                break;
            case Scenario.NegatedPhrase:
                w.Open(Quick(random)).Asks(Mood.Negated).Replies().Says(Mood.Thanks).Replies().Close();
                break;
            case Scenario.Email:
                Email(w, random);
                break;
            default:
                Calm(w, random);
                break;
        }
    }

    /// <summary>Agent within a minute, a few quick exchanges.</summary>
    public static void Calm(ScriptWriter w, Random random)
    {
        w.Open(Quick(random)).Asks(Mood.Calm).Replies();
        for (var i = random.Next(3); i > 0; i--)
            w.Says(Mood.Thanks).Replies();
        w.Close();
    }

    /// <summary>Routed at once, answered in hours.</summary>
    public static void Email(ScriptWriter w, Random random, Mood mood = Mood.Calm, int contact = 0, bool mayComplain = true)
    {
        w.Open(Quick(random)).Asks(mood, contact).Replies(random.Minutes(60, 360));
        if (random.Chance(0.4))
            w.Says(Mood.Thanks, after: random.Minutes(10, 90)).Replies(random.Minutes(30, 180));
        w.Close(mayComplain);
    }

    /// <summary>Time from queueing to an agent when the queue is short.</summary>
    public static TimeSpan Quick(Random random) => random.Seconds(15, 50);
}
