using Afilnet.Contacts;
using Afilnet.Transports.Benchmarks.Baselines;
using Afilnet.Transports.Benchmarks.Infrastructure;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Afilnet.Transports.Benchmarks.Suites;

/// <summary>
/// A write (<c>creategroup</c>) per wire style: argument checks, request building, encoding, answer mapping, against
/// the hand-written baseline, the configured pipeline and RestSharp.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public abstract class CreateGroupSuite
{
    protected static readonly string[] Fields = ["mobile", "name"];
    /// <summary>The server and the clients of every style, started once per parameter set.</summary>
    private protected Rig Clients { get; private set; } = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        Clients = await StartRigAsync();
        Clients.Answer(null);
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await Clients.DisposeAsync();

    [Benchmark(Baseline = true), BenchmarkCategory(nameof(WireStyle.HttpGet))]
    public Task<long> HttpGet_HandWritten() => Clients.HandWritten(WireStyle.HttpGet).CreateGroupAsync();

    [Benchmark, BenchmarkCategory(nameof(WireStyle.HttpGet))]
    public Task<CreateGroupResult> HttpGet_Sdk() => Clients.Sdk(WireStyle.HttpGet).CreateGroupAsync("Newsletter", GroupType.Mobile, Fields);

    [Benchmark, BenchmarkCategory(nameof(WireStyle.HttpGet))]
    public Task<CreateGroupResult> HttpGet_SdkPipeline() => Clients.Pipeline(WireStyle.HttpGet).CreateGroupAsync("Newsletter", GroupType.Mobile, Fields);

    [Benchmark, BenchmarkCategory(nameof(WireStyle.HttpGet))]
    public Task<long> HttpGet_RestSharp() => Clients.RestSharp(WireStyle.HttpGet).CreateGroupAsync();

    [Benchmark(Baseline = true), BenchmarkCategory(nameof(WireStyle.HttpPost))]
    public Task<long> HttpPost_HandWritten() => Clients.HandWritten(WireStyle.HttpPost).CreateGroupAsync();

    [Benchmark, BenchmarkCategory(nameof(WireStyle.HttpPost))]
    public Task<CreateGroupResult> HttpPost_Sdk() => Clients.Sdk(WireStyle.HttpPost).CreateGroupAsync("Newsletter", GroupType.Mobile, Fields);

    [Benchmark, BenchmarkCategory(nameof(WireStyle.HttpPost))]
    public Task<CreateGroupResult> HttpPost_SdkPipeline() => Clients.Pipeline(WireStyle.HttpPost).CreateGroupAsync("Newsletter", GroupType.Mobile, Fields);

    [Benchmark, BenchmarkCategory(nameof(WireStyle.HttpPost))]
    public Task<long> HttpPost_RestSharp() => Clients.RestSharp(WireStyle.HttpPost).CreateGroupAsync();

    [Benchmark(Baseline = true), BenchmarkCategory(nameof(WireStyle.BasicAuth))]
    public Task<long> BasicAuth_HandWritten() => Clients.HandWritten(WireStyle.BasicAuth).CreateGroupAsync();

    [Benchmark, BenchmarkCategory(nameof(WireStyle.BasicAuth))]
    public Task<CreateGroupResult> BasicAuth_Sdk() => Clients.Sdk(WireStyle.BasicAuth).CreateGroupAsync("Newsletter", GroupType.Mobile, Fields);

    [Benchmark, BenchmarkCategory(nameof(WireStyle.BasicAuth))]
    public Task<CreateGroupResult> BasicAuth_SdkPipeline() => Clients.Pipeline(WireStyle.BasicAuth).CreateGroupAsync("Newsletter", GroupType.Mobile, Fields);

    [Benchmark(Baseline = true), BenchmarkCategory(nameof(WireStyle.OAuth2Json))]
    public Task<long> OAuth2Json_HandWritten() => Clients.HandWritten(WireStyle.OAuth2Json).CreateGroupAsync();

    [Benchmark, BenchmarkCategory(nameof(WireStyle.OAuth2Json))]
    public Task<CreateGroupResult> OAuth2Json_Sdk() => Clients.Sdk(WireStyle.OAuth2Json).CreateGroupAsync("Newsletter", GroupType.Mobile, Fields);

    [Benchmark, BenchmarkCategory(nameof(WireStyle.OAuth2Json))]
    public Task<CreateGroupResult> OAuth2Json_SdkPipeline() => Clients.Pipeline(WireStyle.OAuth2Json).CreateGroupAsync("Newsletter", GroupType.Mobile, Fields);

    [Benchmark(Baseline = true), BenchmarkCategory(nameof(WireStyle.Soap))]
    public Task<long> Soap_HandWritten() => Clients.HandWritten(WireStyle.Soap).CreateGroupAsync();

    [Benchmark, BenchmarkCategory(nameof(WireStyle.Soap))]
    public Task<CreateGroupResult> Soap_Sdk() => Clients.Sdk(WireStyle.Soap).CreateGroupAsync("Newsletter", GroupType.Mobile, Fields);

    [Benchmark, BenchmarkCategory(nameof(WireStyle.Soap))]
    public Task<CreateGroupResult> Soap_SdkPipeline() => Clients.Pipeline(WireStyle.Soap).CreateGroupAsync("Newsletter", GroupType.Mobile, Fields);

    /// <summary>Starts the server side this suite measures against.</summary>
    private protected abstract Task<Rig> StartRigAsync();
}
