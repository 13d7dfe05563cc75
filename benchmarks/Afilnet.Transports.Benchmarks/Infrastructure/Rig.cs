using Afilnet.Contacts;
using Afilnet.Contacts.Soap;
using Afilnet.Transports.Benchmarks.Baselines;

namespace Afilnet.Transports.Benchmarks.Infrastructure;

/// <summary>
/// Everything one benchmark class calls, built once per run over one primary handler: per wire style the SDK with
/// retries off (<see cref="Sdk"/>), the SDK with its default retry settings (<see cref="Pipeline"/>), the hand-written
/// baseline and, for GET and POST, RestSharp. Loopback rigs talk to a Kestrel server on 127.0.0.1; in-memory rigs to a
/// <see cref="CannedHandler"/>, Soap included (the SDK puts WCF over the handler it is given).
/// </summary>
internal sealed class Rig : IAsyncDisposable
{
    private readonly List<IDisposable> _owned = [];
    private readonly HttpMessageHandler _primary;
    private readonly Dictionary<WireStyle, IContactsApi> _sdk = [];
    private readonly Dictionary<WireStyle, IContactsApi> _pipeline = [];
    private readonly Dictionary<WireStyle, HandWritten> _handWritten = [];
    private readonly Dictionary<WireStyle, HandWritten> _handWrittenWithTimeout = [];
    private readonly Dictionary<WireStyle, RestSharpCalls> _restSharp = [];

    private Rig(HttpMessageHandler primary, Uri baseAddress, LoopbackServer? server, CannedHandler? handler)
    {
        _primary = primary;
        Http = new HttpClient(primary, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        BaseAddress = baseAddress;
        Server = server;
        Handler = handler;
    }

    public HttpClient Http { get; }

    public Uri BaseAddress { get; }

    public LoopbackServer? Server { get; }

    public CannedHandler? Handler { get; }

    /// <summary>The styles the rig can reach.</summary>
    public IReadOnlyList<WireStyle> Styles { get; } = [WireStyle.HttpGet, WireStyle.HttpPost, WireStyle.BasicAuth, WireStyle.OAuth2Json, WireStyle.Soap];

    /// <summary>A rig over a fresh loopback server.</summary>
    public static async Task<Rig> StartLoopbackAsync()
    {
        var server = await LoopbackServer.StartAsync();
        var rig = new Rig(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }, server.BaseAddress, server, null);
        await rig.BuildAsync();
        return rig;
    }

    /// <summary>A rig over an in-memory handler: no sockets.</summary>
    public static async Task<Rig> StartInMemoryAsync()
    {
        var handler = new CannedHandler();
        var rig = new Rig(handler, new Uri("http://127.0.0.1/"), null, handler);
        await rig.BuildAsync();
        return rig;
    }

    public IContactsApi Sdk(WireStyle style) => _sdk[style];

    public IContactsApi Pipeline(WireStyle style) => _pipeline[style];

    public HandWritten HandWritten(WireStyle style) => _handWritten[style];

    /// <summary>The hand-written baseline with a realistic guard: a 30-second per-call <see cref="CancellationTokenSource"/>.</summary>
    public HandWritten HandWrittenWithTimeout(WireStyle style) => _handWrittenWithTimeout[style];

    public RestSharpCalls RestSharp(WireStyle style) => _restSharp[style];

    /// <summary>A brand-new OAuth2Json client: its first call fetches a token.</summary>
    public IContactsApi NewOAuth2Client() => new ContactsClient(Options(WireStyle.OAuth2Json, retries: true), _primary);

    /// <summary>Sets how many contacts a <c>getcontacts</c> answer holds (both servers), or makes every answer the creategroup one.</summary>
    public void Answer(int? contacts)
    {
        if (Server is not null)
        {
            Server.ContactCount = contacts ?? 1;
        }

        if (Handler is not null)
        {
            Handler.JsonAnswer = contacts is { } n ? CannedAnswers.JsonContacts(n) : CannedAnswers.JsonCreateGroup;
            Handler.SoapAnswer = contacts is { } m ? CannedAnswers.SoapContacts(m) : CannedAnswers.SoapCreateGroup;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        Http.Dispose();
        _primary.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }

    private async Task BuildAsync()
    {
        foreach (var style in Styles)
        {
            // Both over the rig's one primary handler, which they do not dispose.
            var sdk = new ContactsClient(Options(style, retries: false), _primary, transports: [AfilnetSoap.Transport]);
            var pipeline = new ContactsClient(Options(style, retries: true), _primary, transports: [AfilnetSoap.Transport]);
            _owned.Add(sdk);
            _owned.Add(pipeline);
            _sdk[style] = sdk;
            _pipeline[style] = pipeline;
        }

        var token = await Baselines.HandWritten.FetchTokenAsync(
            Http, new Uri(BaseAddress, "api/oauth2/token"), Baselines.HandWritten.TokenBody, Baselines.HandWritten.TokenClientAuthorization);
        foreach (var style in Styles)
        {
            _handWritten[style] = new HandWritten(Http, BaseAddress, style, token);
            _handWrittenWithTimeout[style] = new HandWritten(Http, BaseAddress, style, token, perCallTimeout: TimeSpan.FromSeconds(30));
        }

        foreach (var style in new[] { WireStyle.HttpGet, WireStyle.HttpPost })
        {
            var calls = new RestSharpCalls(Http, BaseAddress, style);
            _owned.Add(calls);
            _restSharp[style] = calls;
        }

        // Warm every path once (token fetched and cached for OAuth2Json, WCF channel factory opened).
        Answer(1);
        foreach (var style in Styles)
        {
            await _sdk[style].GetContactsAsync(new GroupId(1000));
            await _pipeline[style].GetContactsAsync(new GroupId(1000));
            await _handWritten[style].GetContactsAsync();
        }

        foreach (var calls in _restSharp.Values)
        {
            await calls.GetContactsAsync();
        }
    }

    /// <summary>The rig's settings for a style: retries off (one attempt, no total timeout), or the SDK's defaults.</summary>
    private AfilnetOptions Options(WireStyle style, bool retries)
    {
        var options = new AfilnetOptions
        {
            Transport = Kind(style),
            BaseAddress = BaseAddress,
            User = CannedAnswers.User,
            Password = CannedAnswers.Password,
        };
        if (!retries)
        {
            options.Retry.MaxRetries = 0;
            options.Retry.TotalTimeout = Timeout.InfiniteTimeSpan;
        }

        return options;
    }

    private static AfilnetTransportKind Kind(WireStyle style) => style switch
    {
        WireStyle.HttpGet => AfilnetTransportKind.HttpGet,
        WireStyle.HttpPost => AfilnetTransportKind.HttpPost,
        WireStyle.BasicAuth => AfilnetTransportKind.BasicAuth,
        WireStyle.OAuth2Json => AfilnetTransportKind.OAuth2Json,
        _ => AfilnetTransportKind.Soap,
    };
}
