using RiskTriggers.Engine.State;
using RiskTriggers.Engine.State.Memory;

namespace RiskTriggers.Engine.Tests.State;

[TestFixture]
public sealed class InMemoryStateStoreTests : StateStoreContract
{
    protected override IStateStore CreateStore() => new InMemoryStateStore();
}
