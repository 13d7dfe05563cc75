using Afilnet.Transports.Benchmarks.Infrastructure;

namespace Afilnet.Transports.Benchmarks.Suites;

/// <summary>
/// <see cref="GetContactsSuite"/> with no sockets: every client sends through an in-memory handler that returns a
/// canned answer. Soap is absent: WCF builds its own HttpClient and handler, which cannot be replaced from outside;
/// it is measured over loopback only.
/// </summary>
public class InMemoryGetContacts : GetContactsSuite
{
    private protected override Task<Rig> StartRigAsync() => Rig.StartInMemoryAsync();
}
