using Afilnet.Transports.Benchmarks.Infrastructure;

namespace Afilnet.Transports.Benchmarks.Suites;

/// <summary>
/// <see cref="GetContactsSuite"/> with no sockets: every client, Soap's WCF included, sends through an in-memory handler
/// that returns a canned answer.
/// </summary>
public class InMemoryGetContacts : GetContactsSuite
{
    private protected override Task<Rig> StartRigAsync() => Rig.StartInMemoryAsync();
}
