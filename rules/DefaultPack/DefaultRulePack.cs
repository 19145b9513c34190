using NRules;
using NRules.Fluent;

namespace RiskTriggers.Rules.DefaultPack;

/// <summary>The default decisions of DESIGN.md, compiled once into a session factory.</summary>
public static class DefaultRulePack
{
    public static readonly Type[] Rules =
        [typeof(VipCustomerRule), typeof(EscalationThreatRule), typeof(CorroboratedPhraseRule), typeof(MultipleSignalsRule), typeof(SingleSignalRule)];

    public static ISessionFactory Compile(params Type[] rules)
    {
        var repository = new RuleRepository();
        repository.Load(spec => spec.From(rules.Length == 0 ? Rules : rules));
        return repository.Compile();
    }
}
