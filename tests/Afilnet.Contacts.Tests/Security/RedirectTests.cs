using System.Text;
using Afilnet.Contacts.Tests.Infrastructure;
using Afilnet.Contacts.Tests.OAuth2;
using Afilnet.Contacts.Transport.Http;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Afilnet.Contacts.Tests.Security;

/// <summary>
/// A redirect must never carry credentials to another host. First what HttpClient does on its own (the reason the
/// SDK refuses redirects), then the SDK's transports.
/// </summary>
public sealed class RedirectTests
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

    public static TheoryData<string, int> StylesAndStatuses()
    {
        var data = new TheoryData<string, int>();
        foreach (var style in WireStyles.All)
        {
            foreach (var status in new[] { 301, 302, 303, 307, 308 })
            {
                data.Add(style.Name, status);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(StylesAndStatuses))]
    public async Task A_transport_reports_a_redirect_and_the_other_host_receives_nothing(string style, int status)
    {
        using var harness = new Harness(style);
        using var other = FakeApi.Start();
        other.Answer("{}");
        harness.Fake.Server.Given(Request.Create().UsingAnyMethod())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Location", new Uri(other.BaseAddress, "api/").AbsoluteUri));
        harness.Style.Prepare(harness.Fake);

        var error = await Assert.ThrowsAsync<AfilnetTransportException>(() => harness.Api.DeleteGroupAsync(new GroupId(4), TestContext.Current.CancellationToken));

        Assert.Equal(TransportFailureReason.Redirect, error.Reason);
        Assert.Equal(status, error.StatusCode);
        Assert.Contains($"HTTP {status}", error.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(other.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Empty(other.AllRequests);
        Assert.Single(harness.Fake.Requests);
        SecretAssert.Clean(error, OAuth2JsonStyle.AccessToken);
    }

    [Theory]
    [MemberData(nameof(Statuses))]
    public async Task A_token_endpoint_redirect_is_an_authentication_error_and_the_other_host_receives_nothing(int status)
    {
        using var other = FakeApi.Start();
        other.Answer(OAuth2JsonStyle.TokenAnswer());
        using var rig = new OAuthRig(o => o.ClientAuthentication = OAuth2ClientAuthentication.ClientSecretPost, mapToken: false);
        rig.Fake.Server.Given(Request.Create().WithPath(OAuth2JsonStyle.TokenPath)).AtPriority(-10)
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Location", new Uri(other.BaseAddress, "token").AbsoluteUri));

        var error = await Assert.ThrowsAsync<AfilnetAuthenticationException>(() => rig.CallAsync());

        Assert.Equal(status, error.StatusCode);
        var redirect = Assert.IsType<AfilnetTransportException>(error.InnerException);
        Assert.Equal(TransportFailureReason.Redirect, redirect.Reason);
        Assert.Contains($"HTTP {status} redirecting to 127.0.0.1", error.Message, StringComparison.Ordinal);
        Assert.Empty(other.AllRequests);
        Assert.Empty(rig.ApiCalls);
        SecretAssert.Clean(error);
    }
}
