using Afilnet.Contacts;
using Afilnet.Transports.Benchmarks.Baselines;
using Afilnet.Transports.Benchmarks.Infrastructure;
using BenchmarkDotNet.Attributes;

namespace Afilnet.Transports.Benchmarks.Suites;

/// <summary>
/// <see cref="CreateGroupSuite"/> over a loopback Kestrel server, plus OAuth2Json's first call (a new transport per
/// operation, so the token is fetched every time) against a hand-written token fetch and call.
/// </summary>
public class LoopbackCreateGroup : CreateGroupSuite
{
    private const string FirstCall = "OAuth2Json first call";
    private Uri _tokenEndpoint = null!;

    private protected override async Task<Rig> StartRigAsync()
    {
        var rig = await Rig.StartLoopbackAsync();
        _tokenEndpoint = new Uri(rig.BaseAddress, "api/oauth2/token");
        return rig;
    }

    /// <summary>Hand-written token fetch, then the call with it: what a first call costs without the SDK.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory(FirstCall)]
    public async Task<long> OAuth2JsonFirstCall_HandWritten()
    {
        var token = await HandWritten.FetchTokenAsync(Clients.Http, _tokenEndpoint, HandWritten.TokenBody, HandWritten.TokenClientAuthorization);
        return await new HandWritten(Clients.Http, Clients.BaseAddress, WireStyle.OAuth2Json, token).CreateGroupAsync();
    }

    /// <summary>A new transport per operation: the token is fetched, then the call is made.</summary>
    [Benchmark, BenchmarkCategory(FirstCall)]
    public Task<CreateGroupResult> OAuth2JsonFirstCall_Sdk() => Clients.NewOAuth2Client().CreateGroupAsync("Newsletter", GroupType.Mobile, Fields);
}
