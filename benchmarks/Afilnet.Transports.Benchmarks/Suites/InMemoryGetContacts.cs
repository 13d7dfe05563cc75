using Afilnet.Contacts;
using Afilnet.Transports.Benchmarks.Baselines;
using Afilnet.Transports.Benchmarks.Infrastructure;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Afilnet.Transports.Benchmarks.Suites;

/// <summary>
/// The SDK's own cost for a read, with no sockets: every client sends through an in-memory handler that returns a
/// canned answer. Soap is absent: WCF builds its own HttpClient and handler, which cannot be replaced from outside;
/// it is measured over loopback only.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class InMemoryGetContacts
{
    private static readonly GroupId Group = new(1000);
    private Rig _rig = null!;

    /// <summary>Contacts in the answer.</summary>
    [Params(1, 100, 1000)]
    public int Contacts { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _rig = await Rig.StartInMemoryAsync();
        _rig.Answer(Contacts);
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _rig.DisposeAsync();

    [Benchmark(Baseline = true), BenchmarkCategory(nameof(WireStyle.HttpGet))]
    public Task<List<PlainContact>> HttpGet_HandWritten() => _rig.HandWritten(WireStyle.HttpGet).GetContactsAsync();

    [Benchmark, BenchmarkCategory(nameof(WireStyle.HttpGet))]
    public Task<IReadOnlyList<Contact>> HttpGet_Sdk() => _rig.Sdk(WireStyle.HttpGet).GetContactsAsync(Group);

    [Benchmark, BenchmarkCategory(nameof(WireStyle.HttpGet))]
    public Task<IReadOnlyList<Contact>> HttpGet_SdkPipeline() => _rig.Pipeline(WireStyle.HttpGet).GetContactsAsync(Group);

    [Benchmark, BenchmarkCategory(nameof(WireStyle.HttpGet))]
    public Task<List<PlainContact>> HttpGet_RestSharp() => _rig.RestSharp(WireStyle.HttpGet).GetContactsAsync();

    [Benchmark(Baseline = true), BenchmarkCategory(nameof(WireStyle.HttpPost))]
    public Task<List<PlainContact>> HttpPost_HandWritten() => _rig.HandWritten(WireStyle.HttpPost).GetContactsAsync();

    [Benchmark, BenchmarkCategory(nameof(WireStyle.HttpPost))]
    public Task<IReadOnlyList<Contact>> HttpPost_Sdk() => _rig.Sdk(WireStyle.HttpPost).GetContactsAsync(Group);

    [Benchmark, BenchmarkCategory(nameof(WireStyle.HttpPost))]
    public Task<IReadOnlyList<Contact>> HttpPost_SdkPipeline() => _rig.Pipeline(WireStyle.HttpPost).GetContactsAsync(Group);

    [Benchmark, BenchmarkCategory(nameof(WireStyle.HttpPost))]
    public Task<List<PlainContact>> HttpPost_RestSharp() => _rig.RestSharp(WireStyle.HttpPost).GetContactsAsync();

    [Benchmark(Baseline = true), BenchmarkCategory(nameof(WireStyle.BasicAuth))]
    public Task<List<PlainContact>> BasicAuth_HandWritten() => _rig.HandWritten(WireStyle.BasicAuth).GetContactsAsync();

    [Benchmark, BenchmarkCategory(nameof(WireStyle.BasicAuth))]
    public Task<IReadOnlyList<Contact>> BasicAuth_Sdk() => _rig.Sdk(WireStyle.BasicAuth).GetContactsAsync(Group);

    [Benchmark, BenchmarkCategory(nameof(WireStyle.BasicAuth))]
    public Task<IReadOnlyList<Contact>> BasicAuth_SdkPipeline() => _rig.Pipeline(WireStyle.BasicAuth).GetContactsAsync(Group);

    [Benchmark(Baseline = true), BenchmarkCategory(nameof(WireStyle.OAuth2Json))]
    public Task<List<PlainContact>> OAuth2Json_HandWritten() => _rig.HandWritten(WireStyle.OAuth2Json).GetContactsAsync();

    [Benchmark, BenchmarkCategory(nameof(WireStyle.OAuth2Json))]
    public Task<IReadOnlyList<Contact>> OAuth2Json_Sdk() => _rig.Sdk(WireStyle.OAuth2Json).GetContactsAsync(Group);

    [Benchmark, BenchmarkCategory(nameof(WireStyle.OAuth2Json))]
    public Task<IReadOnlyList<Contact>> OAuth2Json_SdkPipeline() => _rig.Pipeline(WireStyle.OAuth2Json).GetContactsAsync(Group);
}
