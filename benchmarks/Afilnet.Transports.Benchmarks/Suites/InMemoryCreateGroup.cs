using Afilnet.Contacts;
using Afilnet.Transports.Benchmarks.Baselines;
using Afilnet.Transports.Benchmarks.Infrastructure;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Afilnet.Transports.Benchmarks.Suites;

/// <summary>
/// The SDK's own cost for a write (argument checks, request building, encoding, answer mapping), with no sockets.
/// Soap is absent for the reason given on <see cref="InMemoryGetContacts"/>.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class InMemoryCreateGroup
{
    private static readonly string[] Fields = ["mobile", "name"];
    private Rig _rig = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _rig = await Rig.StartInMemoryAsync();
        _rig.Answer(null);
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _rig.DisposeAsync();

    [Benchmark(Baseline = true), BenchmarkCategory(nameof(WireStyle.HttpGet))]
    public Task<long> HttpGet_HandWritten() => _rig.HandWritten(WireStyle.HttpGet).CreateGroupAsync();

    [Benchmark, BenchmarkCategory(nameof(WireStyle.HttpGet))]
    public Task<CreateGroupResult> HttpGet_Sdk() => _rig.Sdk(WireStyle.HttpGet).CreateGroupAsync("Newsletter", GroupType.Mobile, Fields);

    [Benchmark, BenchmarkCategory(nameof(WireStyle.HttpGet))]
    public Task<CreateGroupResult> HttpGet_SdkPipeline() => _rig.Pipeline(WireStyle.HttpGet).CreateGroupAsync("Newsletter", GroupType.Mobile, Fields);

    [Benchmark, BenchmarkCategory(nameof(WireStyle.HttpGet))]
    public Task<long> HttpGet_RestSharp() => _rig.RestSharp(WireStyle.HttpGet).CreateGroupAsync();

    [Benchmark(Baseline = true), BenchmarkCategory(nameof(WireStyle.HttpPost))]
    public Task<long> HttpPost_HandWritten() => _rig.HandWritten(WireStyle.HttpPost).CreateGroupAsync();

    [Benchmark, BenchmarkCategory(nameof(WireStyle.HttpPost))]
    public Task<CreateGroupResult> HttpPost_Sdk() => _rig.Sdk(WireStyle.HttpPost).CreateGroupAsync("Newsletter", GroupType.Mobile, Fields);

    [Benchmark, BenchmarkCategory(nameof(WireStyle.HttpPost))]
    public Task<CreateGroupResult> HttpPost_SdkPipeline() => _rig.Pipeline(WireStyle.HttpPost).CreateGroupAsync("Newsletter", GroupType.Mobile, Fields);

    [Benchmark, BenchmarkCategory(nameof(WireStyle.HttpPost))]
    public Task<long> HttpPost_RestSharp() => _rig.RestSharp(WireStyle.HttpPost).CreateGroupAsync();

    [Benchmark(Baseline = true), BenchmarkCategory(nameof(WireStyle.BasicAuth))]
    public Task<long> BasicAuth_HandWritten() => _rig.HandWritten(WireStyle.BasicAuth).CreateGroupAsync();

    [Benchmark, BenchmarkCategory(nameof(WireStyle.BasicAuth))]
    public Task<CreateGroupResult> BasicAuth_Sdk() => _rig.Sdk(WireStyle.BasicAuth).CreateGroupAsync("Newsletter", GroupType.Mobile, Fields);

    [Benchmark, BenchmarkCategory(nameof(WireStyle.BasicAuth))]
    public Task<CreateGroupResult> BasicAuth_SdkPipeline() => _rig.Pipeline(WireStyle.BasicAuth).CreateGroupAsync("Newsletter", GroupType.Mobile, Fields);

    [Benchmark(Baseline = true), BenchmarkCategory(nameof(WireStyle.OAuth2Json))]
    public Task<long> OAuth2Json_HandWritten() => _rig.HandWritten(WireStyle.OAuth2Json).CreateGroupAsync();

    [Benchmark, BenchmarkCategory(nameof(WireStyle.OAuth2Json))]
    public Task<CreateGroupResult> OAuth2Json_Sdk() => _rig.Sdk(WireStyle.OAuth2Json).CreateGroupAsync("Newsletter", GroupType.Mobile, Fields);

    [Benchmark, BenchmarkCategory(nameof(WireStyle.OAuth2Json))]
    public Task<CreateGroupResult> OAuth2Json_SdkPipeline() => _rig.Pipeline(WireStyle.OAuth2Json).CreateGroupAsync("Newsletter", GroupType.Mobile, Fields);
}
