using RiskTriggers.Engine.Signals;
using RiskTriggers.Engine.Signals.Phrases;

namespace RiskTriggers.Engine.Tests.Support;

internal static class TestLexicon
{
    public static PhraseSpotter Spotter() => new([
        ("怎么回事", PhraseClass.Frustration), ("ridiculous", PhraseClass.Frustration),
        ("我要投诉", PhraseClass.EscalationThreat), ("12315", PhraseClass.EscalationThreat),
        ("cancel my account", PhraseClass.Churn), ("third time", PhraseClass.RepeatContact)]);
}
