using System.Net;
using System.Net.Sockets;
using System.Text;
using Afilnet.Contacts;
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
/// A stateful, in-process fake of the Afilnet Contacts API. It answers all five connection styles of the SDK (HttpGet,
/// HttpPost, BasicAuth, Soap, OAuth2Json), serves the WSDL at <c>GET /api/soap/?wsdl</c> and issues tokens at
/// <c>POST /api/oauth2/token</c>; every style reaches the same groups and contacts, with the documented error codes.
/// Reach it over a socket (<see cref="Start"/>: WireMock.Net on <c>http://127.0.0.1:&lt;free port&gt;/</c>) or in memory
/// (<see cref="CreateHandler"/>: an <see cref="HttpMessageHandler"/> answering from the same state, no socket; give it to
/// the SDK, and every transport, Soap included, goes through it). Thread-safe.
/// </summary>
/// <example>
/// <code>
/// using var fake = AfilnetFakeServer.CreateInMemory();
/// using var api = new ContactsClient(fake.CreateClientOptions(AfilnetTransportKind.Soap), fake.CreateHandler(), transports: [AfilnetSoap.Transport]);
/// var group = await api.CreateGroupAsync("Customers", GroupType.Mobile, ["mobile", "name"]);
/// </code>
/// </example>
public sealed class AfilnetFakeServer : IDisposable
{
    /// <summary>The base address of a fake that is reached in memory only: nothing listens there.</summary>
    public static readonly Uri InMemoryBaseAddress = new("https://fake.afilnet.test/");

    private readonly WireMockServer? _server;
    private readonly ContactsState _state;
    private readonly TokenIssuer _tokens;
    private readonly FaultQueue _faults;
    private readonly Router _router;
    private readonly CancellationTokenSource _stopping = new();

    private AfilnetFakeServer(WireMockServer? server, Uri baseAddress, AfilnetFakeServerOptions options)
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
        _router = new Router(new Dispatcher(options, _state), _tokens, _faults, options.TimeProvider);
        _server?
            .Given(Request.Create().UsingAnyMethod())
            .RespondWith(Response.Create().WithCallback(RespondAsync));
    }

    /// <summary>
    /// The server's address, for example <c>http://127.0.0.1:53123/</c> (or <see cref="InMemoryBaseAddress"/> for a fake
    /// reached in memory only); give it to the SDK as its base address.
    /// </summary>
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

    /// <summary>
    /// Completes once the fake has received at least <paramref name="count"/> API calls since the start or the last
    /// <see cref="Reset"/> (counted as <see cref="Requests"/> counts them). For a test on a fake clock: move the clock
    /// only once the call is at the fake, or a timeout armed before sending could end it before the fake saw it.
    /// </summary>
    /// <param name="count">The number of calls to wait for.</param>
    /// <param name="cancellationToken">Ends the wait (a test's own time limit, say).</param>
    /// <returns>A task that completes when the calls have arrived; it never completes by itself otherwise.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    public Task WaitForRequestsAsync(int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return _router.WaitForRequestsAsync(count, cancellationToken);
    }

    /// <summary>How many access tokens the token endpoint has issued.</summary>
    public int TokensIssued => _tokens.Issued;

    /// <summary>Starts a fake on 127.0.0.1 and a free port (or <see cref="AfilnetFakeServerOptions.Port"/>).</summary>
    /// <param name="options">The accounts and token lifetime, or <see langword="null"/> for the defaults; read once.</param>
    /// <returns>The running fake; dispose it to stop it.</returns>
    /// <exception cref="ArgumentException">A credential is empty, the token lifetime is not positive or the port is outside 0-65535.</exception>
    /// <exception cref="SocketException"><see cref="AfilnetFakeServerOptions.Port"/> is taken.</exception>
    public static AfilnetFakeServer Start(AfilnetFakeServerOptions? options = null)
    {
        options = Copy(options ?? new AfilnetFakeServerOptions());
        if (options.Port != 0)
        {
            // A fixed port: probe it first, so that a taken port is one clear error rather than WireMock's.
            using (var probe = new TcpListener(IPAddress.Loopback, options.Port))
            {
                probe.Start();
            }

            var fixedServer = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{options.Port}"], StartAdminInterface = false });
            return new AfilnetFakeServer(fixedServer, new Uri($"http://127.0.0.1:{options.Port}/"), options);
        }

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

    /// <summary>Creates a fake reached only through <see cref="CreateHandler"/>: no socket, no port.</summary>
    /// <param name="options">The accounts and token lifetime, or <see langword="null"/> for the defaults; read once.</param>
    /// <returns>The fake, at <see cref="InMemoryBaseAddress"/>.</returns>
    /// <exception cref="ArgumentException">A credential is empty or the token lifetime is not positive.</exception>
    public static AfilnetFakeServer CreateInMemory(AfilnetFakeServerOptions? options = null) =>
        new(null, InMemoryBaseAddress, Copy(options ?? new AfilnetFakeServerOptions()));

    /// <summary>
    /// An <see cref="HttpMessageHandler"/> that answers as this fake, from the same state, without a socket. Hand it to
    /// <c>ContactsClient</c> (or make it the primary handler of the SDK's HTTP client): all five transports go through it.
    /// </summary>
    /// <returns>A new handler; dispose it, or let the client that owns it do so.</returns>
    public HttpMessageHandler CreateHandler() => new InMemoryHandler(_router.HandleAsync, _stopping.Token);

    /// <summary>Settings for an SDK client of this fake: its address and the credentials it accepts.</summary>
    /// <param name="transport">The transport the client uses.</param>
    /// <returns>New options; change any of them before building the client.</returns>
    public AfilnetOptions CreateClientOptions(AfilnetTransportKind transport = AfilnetTransportKind.HttpPost) => new()
    {
        Transport = transport,
        BaseAddress = BaseAddress,
        User = User,
        Password = Password,
        ClientId = ClientId,
        ClientSecret = ClientSecret,
    };

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
        _server?.Stop();
        _server?.Dispose();
    }

    private async Task<IResponseMessage> RespondAsync(IRequestMessage request)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers ?? new Dictionary<string, WireMockList<string>>())
        {
            if (values.Count > 0)
            {
                headers[name] = values[0];
            }
        }

        var body = request.BodyAsBytes ?? (request.Body is { } text ? Encoding.UTF8.GetBytes(text) : []);
        var (reply, fault) = await HandleAsync(new FakeHttpRequest(request.Method, request.Path, request.RawQuery, headers, body)).ConfigureAwait(false);
        var responseHeaders = new Dictionary<string, WireMockList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["Content-Type"] = new(reply.ContentType),
        };
        foreach (var (name, value) in reply.Headers)
        {
            responseHeaders[name] = new(value);
        }

        return new ResponseMessage
        {
            StatusCode = reply.Status,
            Headers = responseHeaders,
            BodyData = new BodyData { DetectedBodyType = BodyType.Bytes, BodyAsBytes = reply.Body },
            FaultType = fault?.Body switch
            {
                FakeFaultBody.Malformed => FaultType.MALFORMED_RESPONSE_CHUNK,
                FakeFaultBody.Empty => FaultType.EMPTY_RESPONSE,
                _ => FaultType.NONE,
            },
        };
    }

    private async Task<(Reply Reply, FakeFault? Fault)> HandleAsync(FakeHttpRequest request)
    {
        try
        {
            return await _router.HandleAsync(request, _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return (Reply.Plain(503, "The fake server is stopping."), null);
        }
    }

    private static AfilnetFakeServerOptions Copy(AfilnetFakeServerOptions source)
    {
        ArgumentException.ThrowIfNullOrEmpty(source.User, "User");
        ArgumentException.ThrowIfNullOrEmpty(source.Password, "Password");
        ArgumentException.ThrowIfNullOrEmpty(source.ClientId, "ClientId");
        ArgumentException.ThrowIfNullOrEmpty(source.ClientSecret, "ClientSecret");
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(source.TokenLifetime, TimeSpan.Zero, "TokenLifetime");
        ArgumentNullException.ThrowIfNull(source.TimeProvider, "TimeProvider");
        ArgumentOutOfRangeException.ThrowIfNegative(source.Port, "Port");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(source.Port, IPEndPoint.MaxPort, "Port");
        return new AfilnetFakeServerOptions
        {
            Port = source.Port,
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
