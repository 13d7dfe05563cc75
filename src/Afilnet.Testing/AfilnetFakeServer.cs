using System.Net;
using System.Net.Sockets;
using Afilnet.Testing.Auth;
using Afilnet.Testing.Hosting;
using Afilnet.Testing.Rendering;
using Afilnet.Testing.State;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;
using WireMock.Types;
using WireMock.Util;

namespace Afilnet.Testing;

/// <summary>
/// A stateful, in-process fake of the Afilnet Contacts API on <c>http://127.0.0.1:&lt;free port&gt;/</c>, built on
/// WireMock.Net. It answers all five connection styles of the SDK (HttpGet, HttpPost, BasicAuth, Soap, OAuth2Json),
/// serves the WSDL at <c>GET /api/soap/?wsdl</c> and issues tokens at <c>POST /api/oauth2/token</c>. Every style
/// reaches the same groups and contacts, with the documented error codes. Thread-safe.
/// </summary>
/// <example>
/// <code>
/// using var fake = AfilnetFakeServer.Start();
/// var api = new ContactsClient(new HttpPostTransport(http, new HttpPostTransportOptions
/// {
///     BaseAddress = fake.BaseAddress,
///     Credentials = new AfilnetCredentials(fake.User, fake.Password),
/// }));
/// var group = await api.CreateGroupAsync("Customers", GroupType.Mobile, ["mobile", "name"]);
/// </code>
/// </example>
public sealed class AfilnetFakeServer : IDisposable
{
    private readonly WireMockServer _server;
    private readonly ContactsState _state;
    private readonly TokenIssuer _tokens;
    private readonly FaultQueue _faults;
    private readonly Router _router;
    private readonly CancellationTokenSource _stopping = new();

    private AfilnetFakeServer(WireMockServer server, Uri baseAddress, AfilnetFakeServerOptions options)
    {
        _server = server;
        BaseAddress = baseAddress;
        User = options.User;
        Password = options.Password;
        ClientId = options.ClientId;
        ClientSecret = options.ClientSecret;
        _state = new ContactsState();
        _tokens = new TokenIssuer(options);
        _faults = new FaultQueue();
        _router = new Router(new Dispatcher(options, _state), _tokens, _faults);
        _server
            .Given(Request.Create().UsingAnyMethod())
            .RespondWith(Response.Create().WithCallback(RespondAsync));
    }

    /// <summary>The server's address, for example <c>http://127.0.0.1:53123/</c>; give it to a transport as its base address.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The account user the API accepts.</summary>
    public string User { get; }

    /// <summary>The account password the API accepts.</summary>
    public string Password { get; }

    /// <summary>The OAuth client id the token endpoint accepts (the account user and password are accepted too).</summary>
    public string ClientId { get; }

    /// <summary>The OAuth client secret the token endpoint accepts.</summary>
    public string ClientSecret { get; }

    /// <summary>Every API call received since the start or the last <see cref="Reset"/>, in order, decoded (token and WSDL requests excluded).</summary>
    public IReadOnlyList<FakeServerRequest> Requests => _router.Requests;

    /// <summary>How many access tokens the token endpoint has issued.</summary>
    public int TokensIssued => _tokens.Issued;

    /// <summary>Starts a fake on 127.0.0.1 and a free port.</summary>
    /// <param name="options">The accounts and token lifetime, or <see langword="null"/> for the defaults; read once.</param>
    /// <returns>The running fake; dispose it to stop it.</returns>
    /// <exception cref="ArgumentException">A credential is empty or the token lifetime is not positive.</exception>
    public static AfilnetFakeServer Start(AfilnetFakeServerOptions? options = null)
    {
        options = Copy(options ?? new AfilnetFakeServerOptions());
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            try
            {
                var server = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{port}"], StartAdminInterface = false });
                return new AfilnetFakeServer(server, new Uri($"http://127.0.0.1:{port}/"), options);
            }
            catch (Exception) when (attempt < 3)
            {
                // Another process took the port between probing and binding: try another one.
            }
        }
    }

    /// <summary>Plays <paramref name="fault"/> on the next matching API calls (see <see cref="FakeFault"/>).</summary>
    /// <param name="fault">The fault, for example <c>FakeFault.Status(503, TimeSpan.FromSeconds(1)) with { Times = 2 }</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="FakeFault.Times"/> below 1, a status outside 100-599, or a negative delay.</exception>
    public void InjectFault(FakeFault fault) => _faults.Add(fault);

    /// <summary>
    /// Forgets every group, contact, received request and pending fault, and restarts ids at 1000. Issued tokens stay
    /// valid, so configured clients keep working.
    /// </summary>
    public void Reset()
    {
        _state.Clear();
        _faults.Clear();
        _router.ClearRequests();
    }

    /// <summary>Stops the server; calls waiting on an injected delay end at once.</summary>
    public void Dispose()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        _stopping.Cancel();
        _server.Stop();
        _server.Dispose();
        _stopping.Dispose();
    }

    private async Task<IResponseMessage> RespondAsync(IRequestMessage request)
    {
        Reply reply;
        FakeFault? fault;
        try
        {
            (reply, fault) = await _router.HandleAsync(request, _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            (reply, fault) = (Reply.Plain(503, "The fake server is stopping."), null);
        }

        var headers = new Dictionary<string, WireMockList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["Content-Type"] = new(reply.ContentType),
        };
        foreach (var (name, value) in reply.Headers)
        {
            headers[name] = new(value);
        }

        return new ResponseMessage
        {
            StatusCode = reply.Status,
            Headers = headers,
            BodyData = new BodyData { DetectedBodyType = BodyType.Bytes, BodyAsBytes = reply.Body },
            FaultType = fault?.Body switch
            {
                FakeFaultBody.Malformed => FaultType.MALFORMED_RESPONSE_CHUNK,
                FakeFaultBody.Empty => FaultType.EMPTY_RESPONSE,
                _ => FaultType.NONE,
            },
        };
    }

    private static AfilnetFakeServerOptions Copy(AfilnetFakeServerOptions source)
    {
        ArgumentException.ThrowIfNullOrEmpty(source.User, "User");
        ArgumentException.ThrowIfNullOrEmpty(source.Password, "Password");
        ArgumentException.ThrowIfNullOrEmpty(source.ClientId, "ClientId");
        ArgumentException.ThrowIfNullOrEmpty(source.ClientSecret, "ClientSecret");
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(source.TokenLifetime, TimeSpan.Zero, "TokenLifetime");
        ArgumentNullException.ThrowIfNull(source.TimeProvider, "TimeProvider");
        return new AfilnetFakeServerOptions
        {
            User = source.User,
            Password = source.Password,
            ClientId = source.ClientId,
            ClientSecret = source.ClientSecret,
            TokenLifetime = source.TokenLifetime,
            TimeProvider = source.TimeProvider,
        };
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
