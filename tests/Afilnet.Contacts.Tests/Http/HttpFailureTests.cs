using System.Net;
using System.Net.Sockets;
using Afilnet.Contacts.Tests.Infrastructure;
using Afilnet.Contacts.Transport;
using Afilnet.Contacts.Transport.Http;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Afilnet.Contacts.Tests.Http;

/// <summary>How the HTTP transports report what goes wrong below the API: each failure a typed, secret-free error.</summary>
public sealed class HttpFailureTests
{
    [Fact]
    public async Task Connection_refused_is_a_transport_error_that_never_reached_the_server()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        using var http = new HttpClient();
        var api = new ContactsClient(new HttpGetTransport(http, new HttpGetTransportOptions
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}/"),
            Credentials = TestCredentials.Create(),
        }));

        var error = await Assert.ThrowsAsync<AfilnetTransportException>(
            () => api.AddContactAsync(new GroupId(1), new ContactFields { { "mobile", "1" } }, TestContext.Current.CancellationToken));

        Assert.Equal(TransportFailureReason.ConnectionFailed, error.Reason);
        Assert.False(error.RequestMayHaveReachedServer);
        Assert.Equal("addcontact", error.Method);
        Assert.DoesNotContain(Uri.EscapeDataString(TestCredentials.Password), error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HttpGet", 302)]
    [InlineData("HttpPost", 307)]
    [InlineData("HttpPost", 308)]
    public async Task Redirect_is_reported_not_followed_and_the_other_host_gets_nothing(string style, int status)
    {
        using var other = FakeApi.Start();
        other.Answer("""{"status":"SUCCESS"}""");
        using var harness = new Harness(style);
        harness.Fake.Server
            .Given(Request.Create().UsingAnyMethod())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Location", new Uri(other.BaseAddress, "api/http/").ToString()));

        var error = await Assert.ThrowsAsync<AfilnetTransportException>(
            () => harness.Api.DeleteGroupAsync(new GroupId(1), TestContext.Current.CancellationToken));

        Assert.Equal(TransportFailureReason.Redirect, error.Reason);
        Assert.Equal(status, error.StatusCode);
        Assert.Contains("127.0.0.1", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("api/http", error.Message, StringComparison.Ordinal);
        Assert.Empty(other.Requests);
    }

    [Fact]
    public async Task No_answer_within_the_timeout_is_a_timeout_error()
    {
        using var fake = FakeApi.Start();
        fake.Server
            .Given(Request.Create().UsingAnyMethod())
            .RespondWith(Response.Create().WithBody("""{"status":"SUCCESS"}""").WithDelay(TimeSpan.FromSeconds(5)));
        using var http = new HttpClient();
        var api = new ContactsClient(new HttpPostTransport(http, new HttpPostTransportOptions
        {
            BaseAddress = fake.BaseAddress,
            Credentials = TestCredentials.Create(),
            Timeout = TimeSpan.FromMilliseconds(300),
        }));

        var started = DateTime.UtcNow;
        var error = await Assert.ThrowsAsync<AfilnetTransportException>(
            () => api.GetContactsAsync(new GroupId(1), TestContext.Current.CancellationToken));

        Assert.Equal(TransportFailureReason.Timeout, error.Reason);
        Assert.True(error.RequestMayHaveReachedServer);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(3), "the timeout must end the call, not the server's delay");
    }

    [Fact]
    public async Task Caller_cancellation_is_an_OperationCanceledException_with_the_callers_token()
    {
        using var fake = FakeApi.Start();
        fake.Server
            .Given(Request.Create().UsingAnyMethod())
            .RespondWith(Response.Create().WithBody("""{"status":"SUCCESS"}""").WithDelay(TimeSpan.FromSeconds(5)));
        using var http = new HttpClient();
        var api = new ContactsClient(new HttpPostTransport(http, new HttpPostTransportOptions { BaseAddress = fake.BaseAddress, Credentials = TestCredentials.Create() }));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var started = DateTime.UtcNow;
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => api.GetContactsAsync(new GroupId(1), cts.Token));

        Assert.Equal(cts.Token, error.CancellationToken);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(2), "cancellation must end the call promptly");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Answer_over_the_size_limit_is_refused(bool declareLength)
    {
        using var fake = FakeApi.Start();
        var body = """{"status":"SUCCESS","result":[""" + string.Join(',', Enumerable.Repeat("""{"idcontact":1,"mobile":"34600000000"}""", 200)) + "]}";
        var response = Response.Create().WithBody(body);
        fake.Server.Given(Request.Create().UsingAnyMethod()).RespondWith(declareLength ? response : response.WithTransformer(false));
        using var http = new HttpClient();
        var api = new ContactsClient(new HttpGetTransport(http, new HttpGetTransportOptions
        {
            BaseAddress = fake.BaseAddress,
            Credentials = TestCredentials.Create(),
            MaxResponseBytes = 1024,
        }));

        var error = await Assert.ThrowsAsync<AfilnetTransportException>(() => api.GetContactsAsync(new GroupId(1), TestContext.Current.CancellationToken));

        Assert.Equal(TransportFailureReason.ResponseTooLarge, error.Reason);
        Assert.Contains("MaxResponseBytes", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://api.example.com/", false, false)]
    [InlineData("http://api.example.com/", true, true)]
    [InlineData("http://127.0.0.1:9/", false, true)]
    [InlineData("http://localhost:9/", false, true)]
    [InlineData("https://api.example.com/", false, true)]
    public void Clear_text_http_to_a_remote_host_needs_an_explicit_opt_in(string baseAddress, bool allowInsecure, bool accepted)
    {
        using var http = new HttpClient();
        var options = new HttpPostTransportOptions { BaseAddress = new Uri(baseAddress), Credentials = TestCredentials.Create(), AllowInsecureHttp = allowInsecure };

        var error = Record.Exception(() => new HttpPostTransport(http, options));

        if (accepted)
        {
            Assert.Null(error);
        }
        else
        {
            var argument = Assert.IsType<ArgumentException>(error);
            Assert.Contains("AllowInsecureHttp", argument.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Base_address_path_is_kept_with_or_without_a_trailing_slash()
    {
        Assert.Equal("https://proxy.example.com/afilnet/api/http/", HttpExchange.ResolveEndpoint(new Uri("https://proxy.example.com/afilnet"), false, "api/http/", "T").ToString());
        Assert.Equal("https://proxy.example.com/afilnet/api/http/", HttpExchange.ResolveEndpoint(new Uri("https://proxy.example.com/afilnet/"), false, "api/http/", "T").ToString());
        Assert.Equal("https://www.afilnet.com/api/http/", HttpExchange.ResolveEndpoint(AfilnetHttpTransportOptions.DefaultBaseAddress, false, "api/http/", "T").ToString());
    }

    [Fact]
    public void Missing_credentials_are_refused_at_construction()
    {
        using var http = new HttpClient();

        var error = Assert.Throws<ArgumentException>(() => new HttpGetTransport(http, new HttpGetTransportOptions()));

        Assert.Contains("Credentials", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reason_phrase_echoing_the_password_is_scrubbed()
    {
        const string Password = "Reason-CANARY-pass-42";
        using var server = new RawHttpServer(async stream =>
        {
            var answer = System.Text.Encoding.ASCII.GetBytes($"HTTP/1.1 500 bad password {Password}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            await stream.WriteAsync(answer);
        });
        using var http = new HttpClient();
        var api = new ContactsClient(new HttpPostTransport(http, new HttpPostTransportOptions
        {
            BaseAddress = server.BaseAddress,
            Credentials = new AfilnetCredentials("u@example.com", Password),
        }));

        var error = await Assert.ThrowsAsync<AfilnetTransportException>(() => api.GetContactsAsync(new GroupId(1), TestContext.Current.CancellationToken));

        Assert.Equal(500, error.StatusCode);
        Assert.Contains("bad password ***", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("CANARY", error.ToString(), StringComparison.Ordinal);
    }
}
