using Afilnet.Contacts.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Afilnet.Contacts.Tests.Reliability;

/// <summary>Which call a case makes: a read (getcontacts, retried on transient faults) or a write (addcontact, never resent).</summary>
public enum Exchange
{
    Read,
    Write,
}

/// <summary>
/// The servers a case may use: the WireMock fake the client talks to, a second host (redirect targets, entity hosts),
/// a token endpoint (OAuth2Json), and a raw fault server when the case needs one. One set per test class, reset per case.
/// </summary>
public sealed class MatrixServers : IDisposable
{
    public FakeApi Fake { get; } = FakeApi.Start();

    public FakeApi Other { get; } = FakeApi.Start();

    public FakeApi Token { get; } = FakeApi.Start();

    public void Reset()
    {
        foreach (var fake in new[] { Fake, Other, Token })
        {
            fake.Server.Reset();
            fake.Server.ResetScenarios();
        }

        Token.Server.Given(Request.Create().WithPath(OAuth2JsonStyle.TokenPath).UsingPost())
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(OAuth2JsonStyle.TokenAnswer()));
        Other.Answer("""{"status":"SUCCESS"}""");
    }

    public void Dispose()
    {
        Fake.Dispose();
        Other.Dispose();
        Token.Dispose();
    }
}

/// <summary>What one case runs against, set up by its Arrange step.</summary>
public sealed class CaseContext(WireStyle style, MatrixServers servers) : IDisposable
{
    public WireStyle Style { get; } = style;

    public bool IsSoap => Style.Transport == AfilnetTransportKind.Soap;

    public bool IsOAuth => Style.Transport == AfilnetTransportKind.OAuth2Json;

    public MatrixServers Servers { get; } = servers;

    public FakeApi Fake => Servers.Fake;

    /// <summary>The host's clock, which the raw server's pace shares: attempt timeouts, backoff and token expiry run on it.</summary>
    public TestClock Time { get; } = TestClients.NewClock();

    /// <summary>The raw server, when the case uses one.</summary>
    public FaultyServer? Raw { get; private set; }

    /// <summary>Where the client is pointed: the fake unless the case says otherwise.</summary>
    public Uri BaseAddress { get; set; } = servers.Fake.BaseAddress;

    /// <summary>Settings the case changes (short timeouts, small limits).</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    /// <summary>Registrations the case adds to the host (a host-wide handler, say).</summary>
    public Action<IServiceCollection>? Services { get; set; }

    /// <summary>A raw server standing in for the token endpoint, when the case needs one.</summary>
    public FaultyServer? TokenRaw { get; set; }

    /// <summary>The caller's token source, when the case cancels.</summary>
    public CancellationTokenSource? Caller { get; set; }

    /// <summary>API calls the server saw (the token endpoint is elsewhere and not counted).</summary>
    public int Requests => Raw?.Requests ?? (BaseAddress == Fake.BaseAddress ? Fake.Requests.Count : 0);

    /// <summary>
    /// Returns once the raw server has read <paramref name="count"/> API calls whole, or <paramref name="call"/> has ended:
    /// then a clock move can no longer end an attempt before the server saw it.
    /// </summary>
    public Task WaitForRequestsAsync(int count, Task call) =>
        (Raw ?? throw new InvalidOperationException("Only a raw server holds requests; the WireMock fake answers at once."))
            .WaitForRequestsAsync(count, call);

    /// <summary>The content type of this transport's answers.</summary>
    public string ContentType => Style.AnswerContentType;

    public FaultyServer UseRaw(RawFault fault, string answer = "")
    {
        Raw = new FaultyServer(fault, ContentType, answer, Time);
        BaseAddress = Raw.BaseAddress;
        return Raw;
    }

    /// <summary>The documented success answer of the case's call, in this transport's format.</summary>
    public (string Body, string ContentType) Success(Exchange call) => call == Exchange.Read
        ? Style.RenderSuccess("getcontacts", """[{"idcontact": 1000, "mobile": "34600000000", "name": "Ana"}]""")
        : Style.RenderSuccess("addcontact", """{"idcontact": 1001}""");

    /// <summary>Answers every API call with <paramref name="response"/>.</summary>
    public void Answer(IResponseBuilder response) =>
        Fake.Server.Given(Request.Create().UsingAnyMethod()).RespondWith(response);

    public void Answer(int status, string body, string contentType, params (string Name, string Value)[] headers)
    {
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", contentType).WithBody(body);
        foreach (var (name, value) in headers)
        {
            response = response.WithHeader(name, value);
        }

        Answer(response);
    }

    public void Dispose()
    {
        Raw?.Dispose();
        TokenRaw?.Dispose();
        Caller?.Dispose();
    }
}

/// <summary>What a case must end with.</summary>
public sealed record Expectation
{
    /// <summary>The exception type, or <see langword="null"/> for success.</summary>
    public Type? Error { get; init; }

    public TransportFailureReason? Reason { get; init; }

    public int? Status { get; init; }

    public bool? MayHaveReachedServer { get; init; }

    /// <summary>The exact number of API requests the server saw.</summary>
    public required int Requests { get; init; }

    /// <summary>Anything else to check.</summary>
    public Action<Exception?, CaseContext>? Also { get; init; }
}

/// <summary>One row of the fault matrix, for the transports it applies to.</summary>
/// <param name="Name">The case's name, shown in the test's display name.</param>
/// <param name="Exchange">The call made.</param>
/// <param name="Arrange">Sets the servers up for the transport under test.</param>
/// <param name="Expect">The outcome, per transport.</param>
/// <param name="AppliesTo">The transports the row is about; all when null.</param>
public sealed record FaultCase(
    string Name,
    Exchange Exchange,
    Action<CaseContext> Arrange,
    Func<CaseContext, Expectation> Expect,
    Func<WireStyle, bool>? AppliesTo = null)
{
    /// <summary>Replaces the plain call when the case needs more (100 concurrent calls).</summary>
    public Func<CaseContext, IContactsApi, Exchange, CancellationToken, Task>? Act { get; init; }

    /// <summary>
    /// Moves the host's fake clock (or cancels) while the call runs, as the case needs; the call completes on its own
    /// when null. Any timing claim of a case is checked here, on the fake clock.
    /// </summary>
    public Func<CaseContext, MatrixRig, Task, Task>? Drive { get; init; }

    /// <summary>Runs after the assertions, on the same client (the next call after a fault works).</summary>
    public Func<CaseContext, IContactsApi, Task>? After { get; init; }

    /// <summary>Asynchronous set-up run after <see cref="Arrange"/> (measuring a URL by sending it once).</summary>
    public Func<CaseContext, Task>? ArrangeAsync { get; init; }

    public override string ToString() => Name;
}
