using Afilnet.Contacts.Transport;
using Afilnet.Contacts.Tests.Infrastructure;
using Afilnet.Contacts.Transport.Http;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Afilnet.Contacts.Tests.Reliability;

/// <summary>
/// An integrator may hand a transport an HttpClient the SDK did not configure. One that follows redirects has already
/// sent the request elsewhere when the SDK sees the answer: the SDK refuses that answer and says how to configure the
/// client (it cannot undo the send, which is why the constructors ask for AllowAutoRedirect = false). A client whose
/// own Timeout is shorter than the SDK's still yields the SDK's timeout error.
/// </summary>
public sealed class InjectedHttpClientTests
{
    [Theory]
    [InlineData("HttpGet", 302)]
    [InlineData("HttpPost", 307)]
    [InlineData("BasicAuth-POST", 308)]
    [InlineData("BasicAuth-GET", 301)]
    [InlineData("OAuth2Json", 303)]
    public async Task An_answer_reached_through_a_followed_redirect_is_refused_with_a_configuration_hint(string styleName, int status)
    {
        var style = WireStyles.Get(styleName);
        using var fake = FakeApi.Start();
        using var other = FakeApi.Start();
        fake.IsApiCall = style.IsApiCall;
        var (body, contentType) = style.RenderSuccess(ApiOperations.DeleteGroup, null);
        other.Answer(body, contentType);
        fake.Server.Given(Request.Create().UsingAnyMethod())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Location", new Uri(other.BaseAddress, "api/").AbsoluteUri));
        style.Prepare(fake);
        using var followsRedirects = new HttpClient();
        var api = new ContactsClient(style.CreateTransport(followsRedirects, fake.BaseAddress, TestCredentials.Create()));

        var error = await Assert.ThrowsAsync<AfilnetTransportException>(() => api.DeleteGroupAsync(new GroupId(1), TestContext.Current.CancellationToken));

        Assert.Equal(TransportFailureReason.Redirect, error.Reason);
        Assert.Contains("AllowAutoRedirect = false", error.Message, StringComparison.Ordinal);
        Assert.Contains("followed a redirect to 127.0.0.1", error.Message, StringComparison.Ordinal);
        Assert.Single(fake.Requests);
        Assert.Single(other.AllRequests); // what the guard cannot undo: the other host was reached
        SecretAssert.Clean(error, OAuth2JsonStyle.AccessToken);
    }

    [Fact]
    public async Task A_token_endpoint_redirect_followed_by_the_HttpClient_is_an_authentication_error_and_no_API_call()
    {
        using var fake = FakeApi.Start();
        using var other = FakeApi.Start();
        fake.IsApiCall = r => !OAuth2JsonStyle.IsTokenRequest(r);
        other.Answer(OAuth2JsonStyle.TokenAnswer());
        fake.Answer("""{"status":"SUCCESS"}""");
        fake.Server.Given(Request.Create().WithPath(OAuth2JsonStyle.TokenPath)).AtPriority(-10)
            .RespondWith(Response.Create().WithStatusCode(307).WithHeader("Location", new Uri(other.BaseAddress, "token").AbsoluteUri));
        using var followsRedirects = new HttpClient();
        var api = new ContactsClient(new OAuth2JsonTransport(followsRedirects, new OAuth2JsonTransportOptions
        {
            BaseAddress = fake.BaseAddress,
            Credentials = TestCredentials.Create(),
            ClientAuthentication = OAuth2ClientAuthentication.ClientSecretPost,
        }));

        var error = await Assert.ThrowsAsync<AfilnetAuthenticationException>(() => api.DeleteGroupAsync(new GroupId(1), TestContext.Current.CancellationToken));

        Assert.Contains("AllowAutoRedirect = false", error.Message, StringComparison.Ordinal);
        Assert.Equal(TransportFailureReason.Redirect, Assert.IsType<AfilnetTransportException>(error.InnerException).Reason);
        Assert.Empty(fake.Requests);
        SecretAssert.Clean(error);
    }

    [Fact]
    public async Task An_HttpClient_Timeout_shorter_than_the_SDKs_is_the_SDKs_timeout_error()
    {
        using var server = new FaultyServer(RawFault.Hang);
        using var shortTimeout = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromMilliseconds(200) };
        var api = new ContactsClient(new HttpPostTransport(shortTimeout, new HttpPostTransportOptions
        {
            BaseAddress = server.BaseAddress,
            Credentials = TestCredentials.Create(),
            Timeout = TimeSpan.FromSeconds(30),
        }));

        var error = await Assert.ThrowsAsync<AfilnetTransportException>(() => api.DeleteGroupAsync(new GroupId(1), TestContext.Current.CancellationToken));

        Assert.Equal(TransportFailureReason.Timeout, error.Reason);
        Assert.Contains("HttpClient's own Timeout", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, server.Requests);
    }
}
