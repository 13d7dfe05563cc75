using Afilnet.Contacts;
using Afilnet.Transports.Benchmarks.Baselines;
using Afilnet.Transports.Benchmarks.Infrastructure;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Afilnet.Transports.Benchmarks.Suites;

/// <summary>
/// <see cref="GetContactsSuite"/> with no sockets, plus Soap: every client sends through an in-memory handler that
/// returns a canned answer. Soap runs here too, as over loopback: the SDK puts WCF over the handler it is given.
/// </summary>
public class InMemoryGetContacts : GetContactsSuite
{
    private protected override Task<Rig> StartRigAsync() => Rig.StartInMemoryAsync();

    [Benchmark(Baseline = true), BenchmarkCategory(nameof(WireStyle.Soap))]
    public Task<List<PlainContact>> Soap_HandWritten() => Clients.HandWritten(WireStyle.Soap).GetContactsAsync();

    [Benchmark, BenchmarkCategory(nameof(WireStyle.Soap))]
    public Task<IReadOnlyList<Contact>> Soap_Sdk() => Clients.Sdk(WireStyle.Soap).GetContactsAsync(Group);

    [Benchmark, BenchmarkCategory(nameof(WireStyle.Soap))]
    public Task<IReadOnlyList<Contact>> Soap_SdkPipeline() => Clients.Pipeline(WireStyle.Soap).GetContactsAsync(Group);
}
