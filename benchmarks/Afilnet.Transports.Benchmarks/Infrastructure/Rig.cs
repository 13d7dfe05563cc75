using Afilnet.Contacts;
using Afilnet.Contacts.Transport;
using Afilnet.Contacts.Transport.Http;
using Afilnet.Contacts.Transport.Soap;
using Afilnet.Transports.Benchmarks.Baselines;

namespace Afilnet.Transports.Benchmarks.Infrastructure;

/// <summary>
/// Everything one benchmark class calls, built once per run over one HttpClient: per wire style the SDK over the
/// bare transport, the SDK through the configured pipeline (<see cref="AfilnetClientFactory.Create"/>: retries and
/// telemetry), the hand-written baseline and, for GET and POST, RestSharp. Loopback rigs talk to a Kestrel server on
/// 127.0.0.1; in-memory rigs to a <see cref="CannedHandler"/> (no Soap there: WCF owns its HTTP stack).
/// </summary>
internal sealed class Rig : IAsyncDisposable
{
    private readonly List<IDisposable> _owned = [];
    private readonly Dictionary<WireStyle, IContactsApi> _sdk = [];
    private readonly Dictionary<WireStyle, IContactsApi> _pipeline = [];
    private readonly Dictionary<WireStyle, HandWritten> _handWritten = [];
    private readonly Dictionary<WireStyle, RestSharpCalls> _restSharp = [];

    private Rig(HttpClient http, Uri baseAddress, LoopbackServer? server, CannedHandler? handler)
    {
        Http = http;
        BaseAddress = baseAddress;
        Server = server;
        Handler = handler;
    }

    public HttpClient Http { get; }

    public Uri BaseAddress { get; }

    public LoopbackServer? Server { get; }

    public CannedHandler? Handler { get; }

    public static AfilnetCredentials Credentials { get; } = new(CannedAnswers.User, CannedAnswers.Password);

    /// <summary>The styles the rig can reach.</summary>
    public IReadOnlyList<WireStyle> Styles => Server is null
        ? [WireStyle.HttpGet, WireStyle.HttpPost, WireStyle.BasicAuth, WireStyle.OAuth2Json]
        : [WireStyle.HttpGet, WireStyle.HttpPost, WireStyle.BasicAuth, WireStyle.OAuth2Json, WireStyle.Soap];

    /// <summary>A rig over a fresh loopback server.</summary>
    public static async Task<Rig> StartLoopbackAsync()
    {
        var server = await LoopbackServer.StartAsync();
        var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = Timeout.InfiniteTimeSpan };
        var rig = new Rig(http, server.BaseAddress, server, null);
        await rig.BuildAsync();
        return rig;
    }

    /// <summary>A rig over an in-memory handler: no sockets.</summary>
    public static async Task<Rig> StartInMemoryAsync()
    {
        var handler = new CannedHandler();
        var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        var rig = new Rig(http, new Uri("http://127.0.0.1/"), null, handler);
        await rig.BuildAsync();
        return rig;
    }

    public IContactsApi Sdk(WireStyle style) => _sdk[style];

    public IContactsApi Pipeline(WireStyle style) => _pipeline[style];

    public HandWritten HandWritten(WireStyle style) => _handWritten[style];

    public RestSharpCalls RestSharp(WireStyle style) => _restSharp[style];

    /// <summary>A brand-new OAuth2Json client: its first call fetches a token.</summary>
    public IContactsApi NewOAuth2Client() => new ContactsClient(new OAuth2JsonTransport(Http, new OAuth2JsonTransportOptions
    {
        BaseAddress = BaseAddress,
        Credentials = Credentials,
    }));

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
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }

    private async Task BuildAsync()
    {
        foreach (var style in Styles)
        {
            var transport = BareTransport(style);
            if (transport is IDisposable disposable)
            {
                _owned.Add(disposable);
            }

            _sdk[style] = new ContactsClient(transport);
            var (client, pipelineTransport) = AfilnetClientFactory.Create(
                new AfilnetOptions
                {
                    Transport = Kind(style),
                    BaseAddress = BaseAddress,
                    User = CannedAnswers.User,
                    Password = CannedAnswers.Password,
                },
                Http);
            if (pipelineTransport is IDisposable pipelineDisposable)
            {
                _owned.Add(pipelineDisposable);
            }

            _pipeline[style] = client;
        }

        var token = await Baselines.HandWritten.FetchTokenAsync(
            Http, new Uri(BaseAddress, "api/oauth2/token"), Baselines.HandWritten.TokenBody, Baselines.HandWritten.TokenClientAuthorization);
        foreach (var style in Styles)
        {
            _handWritten[style] = new HandWritten(Http, BaseAddress, style, token);
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

    private ITransport BareTransport(WireStyle style) => style switch
    {
        WireStyle.HttpGet => new HttpGetTransport(Http, new HttpGetTransportOptions { BaseAddress = BaseAddress, Credentials = Credentials }),
        WireStyle.HttpPost => new HttpPostTransport(Http, new HttpPostTransportOptions { BaseAddress = BaseAddress, Credentials = Credentials }),
        WireStyle.BasicAuth => new BasicAuthTransport(Http, new BasicAuthTransportOptions { BaseAddress = BaseAddress, Credentials = Credentials }),
        WireStyle.OAuth2Json => new OAuth2JsonTransport(Http, new OAuth2JsonTransportOptions { BaseAddress = BaseAddress, Credentials = Credentials }),
        WireStyle.Soap => new SoapTransport(new SoapTransportOptions { BaseAddress = BaseAddress, Credentials = Credentials }),
        _ => throw new ArgumentOutOfRangeException(nameof(style)),
    };

    private static AfilnetTransportKind Kind(WireStyle style) => style switch
    {
        WireStyle.HttpGet => AfilnetTransportKind.HttpGet,
        WireStyle.HttpPost => AfilnetTransportKind.HttpPost,
        WireStyle.BasicAuth => AfilnetTransportKind.BasicAuth,
        WireStyle.OAuth2Json => AfilnetTransportKind.OAuth2Json,
        _ => AfilnetTransportKind.Soap,
    };
}
