using System.Text;
using Afilnet.Contacts.Tests.Configuration;
using Afilnet.Contacts.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Afilnet.Contacts.Tests.Reliability;

/// <summary>
/// An integrator may hand the SDK a handler it did not configure, or register handlers around the SDK's HTTP client.
/// First what HttpClient does on its own with a redirect (the reason the SDK refuses them); then a handler that follows
/// redirects, which has already sent the request elsewhere when the SDK sees the answer: the SDK refuses that answer and
/// says how to configure the handler (it cannot undo the send). And the SDK's policy stays innermost, whatever is
/// registered on its client after <c>AddAfilnetContacts</c>.
/// </summary>
public sealed class InjectedHandlerTests
{
    public static TheoryData<int> Statuses() => [301, 302, 303, 307, 308];

    [Theory]
    [MemberData(nameof(Statuses))]
    public async Task HttpClient_by_default_follows_drops_Authorization_and_resends_the_body_on_307_and_308(int status)
    {
        using var origin = FakeApi.Start();
        using var other = FakeApi.Start();
        other.Answer("{}");
        origin.Server.Given(Request.Create().UsingAnyMethod())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Location", new Uri(other.BaseAddress, "elsewhere").AbsoluteUri));
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, origin.BaseAddress)
        {
            Content = new StringContent("password=" + Uri.EscapeDataString(TestCredentials.Password), Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Authorization = new("Basic", "c2VjcmV0");

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        var followed = Assert.Single(other.AllRequests);
        Assert.False(followed.Headers!.ContainsKey("Authorization"));
        if (status is 307 or 308)
        {
            Assert.Equal("POST", followed.Method);
            Assert.Contains(Uri.EscapeDataString(TestCredentials.Password), followed.Body, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal("GET", followed.Method);
        }
    }

    public static TheoryData<string, int> StylesAndStatuses() => WireStyles.Times([302, 307]);

    [Theory]
    [MemberData(nameof(StylesAndStatuses))]
    public async Task An_answer_reached_through_a_followed_redirect_is_refused_with_a_configuration_hint(string styleName, int status)
    {
        var style = WireStyles.Get(styleName);
        using var fake = FakeApi.Start();
        using var other = FakeApi.Start();
        fake.IsApiCall = style.IsApiCall;
        var (body, contentType) = style.RenderSuccess("deletegroup", null);
        other.Answer(body, contentType);
        fake.Server.Given(Request.Create().UsingAnyMethod())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Location", new Uri(other.BaseAddress, "api/").AbsoluteUri));
        style.Prepare(fake);
        using var followsRedirects = new SocketsHttpHandler { AllowAutoRedirect = true };
        using var api = TestClients.Create(style, fake.BaseAddress, handler: followsRedirects);

        var error = await Assert.ThrowsAsync<AfilnetTransportException>(() => api.DeleteGroupAsync(new GroupId(1), TestContext.Current.CancellationToken));

        Assert.Equal(TransportFailureReason.Redirect, error.Reason);
        Assert.Contains("AllowAutoRedirect is false", error.Message, StringComparison.Ordinal);
        Assert.Contains("followed a redirect to 127.0.0.1", error.Message, StringComparison.Ordinal);
        Assert.Single(fake.Requests);
        Assert.Single(other.AllRequests); // what the guard cannot undo: the other host was reached
        SecretAssert.Clean(error, [.. style.Secrets]);
    }

    [Fact]
    public async Task A_token_endpoint_redirect_followed_by_the_handler_is_an_authentication_error_and_no_API_call()
    {
        var style = WireStyles.Get("OAuth2Json");
        using var fake = FakeApi.Start();
        using var other = FakeApi.Start();
        fake.IsApiCall = style.IsApiCall;
        other.Answer(OAuth2JsonStyle.TokenAnswer());
        fake.Answer("""{"status":"SUCCESS"}""");
        fake.Server.Given(Request.Create().WithPath(OAuth2JsonStyle.TokenPath)).AtPriority(-10)
            .RespondWith(Response.Create().WithStatusCode(307).WithHeader("Location", new Uri(other.BaseAddress, "token").AbsoluteUri));
        using var followsRedirects = new SocketsHttpHandler { AllowAutoRedirect = true };
        using var api = TestClients.Create(style, fake.BaseAddress, o => o.ClientCredentialStyle = OAuth2ClientAuthentication.ClientSecretPost, handler: followsRedirects);

        var error = await Assert.ThrowsAsync<AfilnetAuthenticationException>(() => api.DeleteGroupAsync(new GroupId(1), TestContext.Current.CancellationToken));

        Assert.Contains("AllowAutoRedirect is false", error.Message, StringComparison.Ordinal);
        Assert.Equal(TransportFailureReason.Redirect, Assert.IsType<AfilnetTransportException>(error.InnerException).Reason);
        Assert.Empty(fake.Requests);
        SecretAssert.Clean(error);
    }

    [Fact]
    public async Task A_handler_added_to_the_SDKs_own_client_after_AddAfilnetContacts_still_sits_outside_the_policy()
    {
        using var fake = FakeApi.Start();
        fake.Answer("""{"status":"SUCCESS","result":{"idcontact":7}}""");
        using var host = new ConfiguredClient(
            ConfiguredClient.For("HttpPost", fake.BaseAddress),
            extra: s => s.AddHttpClient("Afilnet").AddHttpMessageHandler(() => new RetryEverythingHandler()));

        var error = await Assert.ThrowsAsync<AfilnetTransportException>(() =>
            host.Api.AddContactAsync(new GroupId(1), new ContactFields { { "mobile", "34600000000" } }, TestContext.Current.CancellationToken));

        Assert.Equal(TransportFailureReason.ResendRefused, error.Reason);
        Assert.Single(fake.Requests);
    }

    /// <summary>A naive retry handler: sends, then sends the same request again whatever happened.</summary>
    private sealed class RetryEverythingHandler : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            using (await base.SendAsync(request, cancellationToken))
            {
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
