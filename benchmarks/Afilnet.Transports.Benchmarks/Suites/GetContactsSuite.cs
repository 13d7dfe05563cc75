using Afilnet.Contacts;
using Afilnet.Transports.Benchmarks.Baselines;
using Afilnet.Transports.Benchmarks.Infrastructure;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Afilnet.Transports.Benchmarks.Suites;

/// <summary>
/// A read (<c>getcontacts</c> with 1, 100 or 1,000 contacts in the answer) per wire style: the hand-written baseline,
/// the SDK over the bare transport, the SDK through the configured pipeline, and RestSharp for GET and POST.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public abstract class GetContactsSuite
{
    protected static readonly GroupId Group = new(1000);
    /// <summary>The server and the clients of every style, started once per parameter set.</summary>
    private protected Rig Clients { get; private set; } = null!;

    /// <summary>Contacts in the answer.</summary>
    [Params(1, 100, 1000)]
    public int Contacts { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        Clients = await StartRigAsync();
        Clients.Answer(Contacts);
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await Clients.DisposeAsync();

    [Benchmark(Baseline = true), BenchmarkCategory(nameof(WireStyle.HttpGet))]
    public Task<List<PlainContact>> HttpGet_HandWritten() => Clients.HandWritten(WireStyle.HttpGet).GetContactsAsync();

    [Benchmark, BenchmarkCategory(nameof(WireStyle.HttpGet))]
    public Task<IReadOnlyList<Contact>> HttpGet_Sdk() => Clients.Sdk(WireStyle.HttpGet).GetContactsAsync(Group);

    [Benchmark, BenchmarkCategory(nameof(WireStyle.HttpGet))]
    public Task<IReadOnlyList<Contact>> HttpGet_SdkPipeline() => Clients.Pipeline(WireStyle.HttpGet).GetContactsAsync(Group);

    [Benchmark, BenchmarkCategory(nameof(WireStyle.HttpGet))]
    public Task<List<PlainContact>> HttpGet_RestSharp() => Clients.RestSharp(WireStyle.HttpGet).GetContactsAsync();

    [Benchmark(Baseline = true), BenchmarkCategory(nameof(WireStyle.HttpPost))]
    public Task<List<PlainContact>> HttpPost_HandWritten() => Clients.HandWritten(WireStyle.HttpPost).GetContactsAsync();

    [Benchmark, BenchmarkCategory(nameof(WireStyle.HttpPost))]
    public Task<IReadOnlyList<Contact>> HttpPost_Sdk() => Clients.Sdk(WireStyle.HttpPost).GetContactsAsync(Group);

    [Benchmark, BenchmarkCategory(nameof(WireStyle.HttpPost))]
    public Task<IReadOnlyList<Contact>> HttpPost_SdkPipeline() => Clients.Pipeline(WireStyle.HttpPost).GetContactsAsync(Group);

    [Benchmark, BenchmarkCategory(nameof(WireStyle.HttpPost))]
    public Task<List<PlainContact>> HttpPost_RestSharp() => Clients.RestSharp(WireStyle.HttpPost).GetContactsAsync();

    [Benchmark(Baseline = true), BenchmarkCategory(nameof(WireStyle.BasicAuth))]
    public Task<List<PlainContact>> BasicAuth_HandWritten() => Clients.HandWritten(WireStyle.BasicAuth).GetContactsAsync();

    [Benchmark, BenchmarkCategory(nameof(WireStyle.BasicAuth))]
    public Task<IReadOnlyList<Contact>> BasicAuth_Sdk() => Clients.Sdk(WireStyle.BasicAuth).GetContactsAsync(Group);

    [Benchmark, BenchmarkCategory(nameof(WireStyle.BasicAuth))]
    public Task<IReadOnlyList<Contact>> BasicAuth_SdkPipeline() => Clients.Pipeline(WireStyle.BasicAuth).GetContactsAsync(Group);

    [Benchmark(Baseline = true), BenchmarkCategory(nameof(WireStyle.OAuth2Json))]
    public Task<List<PlainContact>> OAuth2Json_HandWritten() => Clients.HandWritten(WireStyle.OAuth2Json).GetContactsAsync();

    [Benchmark, BenchmarkCategory(nameof(WireStyle.OAuth2Json))]
    public Task<IReadOnlyList<Contact>> OAuth2Json_Sdk() => Clients.Sdk(WireStyle.OAuth2Json).GetContactsAsync(Group);

    [Benchmark, BenchmarkCategory(nameof(WireStyle.OAuth2Json))]
    public Task<IReadOnlyList<Contact>> OAuth2Json_SdkPipeline() => Clients.Pipeline(WireStyle.OAuth2Json).GetContactsAsync(Group);

    [Benchmark(Baseline = true), BenchmarkCategory(nameof(WireStyle.Soap))]
    public Task<List<PlainContact>> Soap_HandWritten() => Clients.HandWritten(WireStyle.Soap).GetContactsAsync();

    [Benchmark, BenchmarkCategory(nameof(WireStyle.Soap))]
    public Task<IReadOnlyList<Contact>> Soap_Sdk() => Clients.Sdk(WireStyle.Soap).GetContactsAsync(Group);

    [Benchmark, BenchmarkCategory(nameof(WireStyle.Soap))]
    public Task<IReadOnlyList<Contact>> Soap_SdkPipeline() => Clients.Pipeline(WireStyle.Soap).GetContactsAsync(Group);

    /// <summary>Starts the server side this suite measures against.</summary>
    private protected abstract Task<Rig> StartRigAsync();
}
