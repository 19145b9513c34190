using RiskTriggers.Engine.Settings.History;
using RiskTriggers.Engine.Settings.Stores;

namespace RiskTriggers.Engine.Tests.Settings.History;

[TestFixture]
public sealed class InMemorySettingsStoreTests : SettingsStoreContract
{
    protected override ISettingsStore CreateStore(TimeProvider time) => new InMemorySettingsStore(time);
}
