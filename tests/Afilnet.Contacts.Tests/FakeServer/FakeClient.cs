using Afilnet.Contacts.Transport;
using Afilnet.Contacts.Transport.Http;
using Afilnet.Contacts.Transport.Soap;
using Afilnet.Testing;

namespace Afilnet.Contacts.Tests.FakeServer;

/// <summary>A real SDK client of one transport, pointed at an <see cref="AfilnetFakeServer"/>.</summary>
public sealed class FakeClient : IDisposable
{
    /// <summary>The five transports, by the name of the wire style the fake records.</summary>
    public static TheoryData<string> Styles => new(Enum.GetNames<FakeWireStyle>());

    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false });

    public FakeClient(AfilnetFakeServer fake, string style, string? password = null, Action<OAuth2JsonTransportOptions>? oauth = null, TimeSpan? timeout = null)
    {
        var credentials = new AfilnetCredentials(fake.User, password ?? fake.Password);
        var perAttempt = timeout ?? AfilnetHttpTransportOptions.DefaultTimeout;
        Transport = Enum.Parse<FakeWireStyle>(style) switch
        {
            FakeWireStyle.HttpGet => new HttpGetTransport(_http, new HttpGetTransportOptions { BaseAddress = fake.BaseAddress, Credentials = credentials, Timeout = perAttempt }),
            FakeWireStyle.HttpPost => new HttpPostTransport(_http, new HttpPostTransportOptions { BaseAddress = fake.BaseAddress, Credentials = credentials, Timeout = perAttempt }),
            FakeWireStyle.BasicAuth => new BasicAuthTransport(_http, new BasicAuthTransportOptions { BaseAddress = fake.BaseAddress, Credentials = credentials, Timeout = perAttempt }),
            FakeWireStyle.Soap => new SoapTransport(new SoapTransportOptions { BaseAddress = fake.BaseAddress, Credentials = credentials, Timeout = perAttempt }),
            _ => OAuth(fake, oauth, perAttempt),
        };
        Api = new ContactsClient(Transport);
    }

    public ITransport Transport { get; }

    public ContactsClient Api { get; }

    /// <summary>Sends a hand-made request through the transport, for what the SDK's argument checks refuse to send.</summary>
    public async Task<ApiErrorCode?> SendRawAsync(ApiOperation operation, params string[] values)
    {
        var request = new ApiRequest(operation, [.. operation.ParameterNames.Select((name, i) => new ApiParameter(name, values[i], name == "contacts"))]);
        var answer = await Transport.SendAsync(request, TestContext.Current.CancellationToken);
        return answer.ErrorCode;
    }

    public void Dispose()
    {
        (Transport as IDisposable)?.Dispose();
        _http.Dispose();
    }

    private OAuth2JsonTransport OAuth(AfilnetFakeServer fake, Action<OAuth2JsonTransportOptions>? configure, TimeSpan timeout)
    {
        var options = new OAuth2JsonTransportOptions { BaseAddress = fake.BaseAddress, ClientId = fake.ClientId, ClientSecret = fake.ClientSecret, Timeout = timeout };
        configure?.Invoke(options);
        return new OAuth2JsonTransport(_http, options);
    }
}
