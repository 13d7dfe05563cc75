using Afilnet.Transports.Benchmarks.Infrastructure;

namespace Afilnet.Transports.Benchmarks.Suites;

/// <summary><see cref="GetContactsSuite"/> over a loopback Kestrel server.</summary>
public class LoopbackGetContacts : GetContactsSuite
{
    private protected override Task<Rig> StartRigAsync() => Rig.StartLoopbackAsync();
}
