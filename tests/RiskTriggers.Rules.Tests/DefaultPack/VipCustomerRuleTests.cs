using RiskTriggers.Engine.Alerts;
using RiskTriggers.Engine.Settings;
using RiskTriggers.Rules.DefaultPack;
using static RiskTriggers.Rules.Tests.DefaultPack.RuleFixture;

namespace RiskTriggers.Rules.Tests.DefaultPack;

public sealed class VipCustomerRuleTests
{
    private static readonly Type[] Rule = [typeof(VipCustomerRule)];

    [Test]
    public void Fire_VipCustomerWithAnySignal_P1ToSupervisor()
    {
        var decision = Fire(Rule, Overdue(), Interaction(tier: "vip")).Single();

        Assert.Multiple(() =>
        {
            Assert.That(decision.Rule, Is.EqualTo("VipCustomer"));
            Assert.That(decision.Priority, Is.EqualTo(Priority.P1));
            Assert.That(decision.Audience, Is.EqualTo(Audience.Supervisor));
            Assert.That(decision.RecommendedAction, Does.StartWith("Supervisor: reply to the customer now"));
        });
    }

    [TestCase("standard")]
    [TestCase(null)]
    public void Fire_OtherTier_DoesNotFire(string? tier) =>
        Assert.That(Fire(Rule, Overdue(), Interaction(tier)), Is.Empty);

    [Test]
    public void Fire_TierListedInSettings_Fires()
    {
        var thresholds = new Thresholds { Alerts = new AlertPolicy { SupervisorTiers = ["gold"] } };

        Assert.That(Fire(Rule, Overdue(), Interaction("gold"), thresholds: thresholds), Has.Count.EqualTo(1));
    }
}
