using Afilnet.Transports.Benchmarks.Infrastructure;

namespace Afilnet.Transports.Benchmarks.Suites;

/// <summary><see cref="CreateGroupSuite"/> with no sockets; Soap is absent for the reason given on <see cref="InMemoryGetContacts"/>.</summary>
public class InMemoryCreateGroup : CreateGroupSuite
{
    private protected override Task<Rig> StartRigAsync() => Rig.StartInMemoryAsync();
}
