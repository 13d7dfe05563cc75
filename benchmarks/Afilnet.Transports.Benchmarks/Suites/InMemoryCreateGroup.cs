using Afilnet.Contacts;
using Afilnet.Transports.Benchmarks.Baselines;
using Afilnet.Transports.Benchmarks.Infrastructure;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Afilnet.Transports.Benchmarks.Suites;

/// <summary>
/// <see cref="CreateGroupSuite"/> with no sockets, plus Soap, which runs over the in-memory handler as the HTTP styles
/// do (the SDK puts WCF over the handler it is given); see <see cref="InMemoryGetContacts"/>.
/// </summary>
public class InMemoryCreateGroup : CreateGroupSuite
{
    private protected override Task<Rig> StartRigAsync() => Rig.StartInMemoryAsync();

    [Benchmark(Baseline = true), BenchmarkCategory(nameof(WireStyle.Soap))]
    public Task<long> Soap_HandWritten() => Clients.HandWritten(WireStyle.Soap).CreateGroupAsync();

    [Benchmark, BenchmarkCategory(nameof(WireStyle.Soap))]
    public Task<CreateGroupResult> Soap_Sdk() => Clients.Sdk(WireStyle.Soap).CreateGroupAsync("Newsletter", GroupType.Mobile, Fields);

    [Benchmark, BenchmarkCategory(nameof(WireStyle.Soap))]
    public Task<CreateGroupResult> Soap_SdkPipeline() => Clients.Pipeline(WireStyle.Soap).CreateGroupAsync("Newsletter", GroupType.Mobile, Fields);
}
