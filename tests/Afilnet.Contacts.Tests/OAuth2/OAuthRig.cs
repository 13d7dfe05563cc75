using Afilnet.Contacts.Tests.Infrastructure;
using Afilnet.Contacts.Transport.Http;
using Microsoft.Extensions.Time.Testing;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Afilnet.Contacts.Tests.OAuth2;

/// <summary>A loopback fake with a token endpoint and the JSON API, an OAuth2Json transport on a fake clock, and a client.</summary>
public sealed class OAuthRig : IDisposable
{
    public OAuthRig(Action<OAuth2JsonTransportOptions>? configure = null, bool mapToken = true)
    {
        Fake = FakeApi.Start();
        Fake.IsApiCall = r => !OAuth2JsonStyle.IsTokenRequest(r);
        AnswerApi("""{"status":"SUCCESS","result":["mobile","name"]}""");
        if (mapToken)
        {
            OAuth2JsonStyle.MapToken(Fake, OAuth2JsonStyle.TokenAnswer());
        }

        HttpClient = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        Options = new OAuth2JsonTransportOptions { BaseAddress = Fake.BaseAddress, Credentials = TestCredentials.Create(), TimeProvider = Time };
        configure?.Invoke(Options);
        Transport = new OAuth2JsonTransport(HttpClient, Options);
        Api = new ContactsClient(Transport);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public FakeApi Fake { get; }

    public HttpClient HttpClient { get; }

    public OAuth2JsonTransportOptions Options { get; }

    public OAuth2JsonTransport Transport { get; }

    public ContactsClient Api { get; }

    public IReadOnlyList<IRequestMessage> TokenRequests => [.. Fake.AllRequests.Where(OAuth2JsonStyle.IsTokenRequest)];

    public IReadOnlyList<IRequestMessage> ApiCalls => Fake.Requests;

    /// <summary>The catch-all API answer (the token mapping has a higher priority).</summary>
    public void AnswerApi(string body, int status = 200) =>
        Fake.Server.Given(Request.Create().UsingAnyMethod()).AtPriority(100)
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));

    public Task<IReadOnlyList<string>> CallAsync(CancellationToken cancellationToken = default) =>
        Api.GetGroupColumnsAsync(new GroupId(7), cancellationToken == default ? TestContext.Current.CancellationToken : cancellationToken);

    public void Dispose()
    {
        HttpClient.Dispose();
        Fake.Dispose();
    }
}
