using Afilnet.Contacts;
using Afilnet.Transports.Benchmarks.Baselines;
using Afilnet.Transports.Benchmarks.Infrastructure;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Afilnet.Transports.Benchmarks.Suites;

/// <summary>
/// A write (<c>creategroup</c>) over loopback, per wire style, plus OAuth2Json's first call (a new transport per
/// operation, so the token is fetched every time) against a hand-written token fetch and call.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class LoopbackCreateGroup
{
    private const string FirstCall = "OAuth2Json first call";
    private static readonly string[] Fields = ["mobile", "name"];
    private Rig _rig = null!;
    private Uri _tokenEndpoint = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _rig = await Rig.StartLoopbackAsync();
        _rig.Answer(null);
        _tokenEndpoint = new Uri(_rig.BaseAddress, "api/oauth2/token");
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

    /// <summary>Hand-written token fetch, then the call with it: what a first call costs without the SDK.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory(FirstCall)]
    public async Task<long> OAuth2JsonFirstCall_HandWritten()
    {
        var token = await HandWritten.FetchTokenAsync(_rig.Http, _tokenEndpoint, HandWritten.TokenBody, HandWritten.TokenClientAuthorization);
        return await new HandWritten(_rig.Http, _rig.BaseAddress, WireStyle.OAuth2Json, token).CreateGroupAsync();
    }

    /// <summary>A new transport per operation: the token is fetched, then the call is made.</summary>
    [Benchmark, BenchmarkCategory(FirstCall)]
    public Task<CreateGroupResult> OAuth2JsonFirstCall_Sdk() => _rig.NewOAuth2Client().CreateGroupAsync("Newsletter", GroupType.Mobile, Fields);

    [Benchmark(Baseline = true), BenchmarkCategory(nameof(WireStyle.Soap))]
    public Task<long> Soap_HandWritten() => _rig.HandWritten(WireStyle.Soap).CreateGroupAsync();

    [Benchmark, BenchmarkCategory(nameof(WireStyle.Soap))]
    public Task<CreateGroupResult> Soap_Sdk() => _rig.Sdk(WireStyle.Soap).CreateGroupAsync("Newsletter", GroupType.Mobile, Fields);

    [Benchmark, BenchmarkCategory(nameof(WireStyle.Soap))]
    public Task<CreateGroupResult> Soap_SdkPipeline() => _rig.Pipeline(WireStyle.Soap).CreateGroupAsync("Newsletter", GroupType.Mobile, Fields);
}
