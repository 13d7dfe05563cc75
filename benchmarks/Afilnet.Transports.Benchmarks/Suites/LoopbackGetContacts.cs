using Afilnet.Contacts;
using Afilnet.Transports.Benchmarks.Baselines;
using Afilnet.Transports.Benchmarks.Infrastructure;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Afilnet.Transports.Benchmarks.Suites;

/// <summary><see cref="GetContactsSuite"/> over a loopback Kestrel server, plus Soap.</summary>
public class LoopbackGetContacts : GetContactsSuite
{
    private protected override Task<Rig> StartRigAsync() => Rig.StartLoopbackAsync();

    [Benchmark(Baseline = true), BenchmarkCategory(nameof(WireStyle.Soap))]
    public Task<List<PlainContact>> Soap_HandWritten() => Clients.HandWritten(WireStyle.Soap).GetContactsAsync();

    [Benchmark, BenchmarkCategory(nameof(WireStyle.Soap))]
    public Task<IReadOnlyList<Contact>> Soap_Sdk() => Clients.Sdk(WireStyle.Soap).GetContactsAsync(Group);

    [Benchmark, BenchmarkCategory(nameof(WireStyle.Soap))]
    public Task<IReadOnlyList<Contact>> Soap_SdkPipeline() => Clients.Pipeline(WireStyle.Soap).GetContactsAsync(Group);
}
