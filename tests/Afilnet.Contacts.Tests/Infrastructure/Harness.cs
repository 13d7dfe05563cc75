namespace Afilnet.Contacts.Tests.Infrastructure;

/// <summary>A fake server, a transport of one style pointed at it, and a client over that transport.</summary>
public sealed class Harness : IDisposable
{
    private readonly HttpClient _httpClient;

    public Harness(string styleName)
        : this(WireStyles.Get(styleName))
    {
    }

    public Harness(WireStyle style)
    {
        Style = style;
        Fake = FakeApi.Start();
        Fake.IsApiCall = style.IsApiCall;
        style.Prepare(Fake);
        _httpClient = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        Transport = style.CreateTransport(_httpClient, Fake.BaseAddress, TestCredentials.Create());
        Api = new ContactsClient(Transport);
    }

    public WireStyle Style { get; }

    public FakeApi Fake { get; }

    public Transport.ITransport Transport { get; }

    public ContactsClient Api { get; }

    public void AnswerSuccess(Transport.ApiOperation operation, string? resultJson)
    {
        var (body, contentType) = Style.RenderSuccess(operation, resultJson);
        Answer(body, contentType);
    }

    public void AnswerError(Transport.ApiOperation operation, string code)
    {
        var (body, contentType) = Style.RenderError(operation, code);
        Answer(body, contentType);
    }

    /// <summary>Answers every API call with a raw body; the style's own endpoints (a token endpoint) keep working.</summary>
    public void Answer(string body, string contentType = "application/json", int status = 200)
    {
        Fake.Answer(body, contentType, status);
        Style.Prepare(Fake);
    }

    /// <summary>The single request the fake received, decoded and checked against the style's carrier rules.</summary>
    public DecodedCall SingleCall()
    {
        // Requests holds API calls only: a token request is the style's business, checked by its own tests.
        var request = Assert.Single(Fake.Requests);
        var userAgent = Assert.Single(request.Headers!["User-Agent"]);
        Assert.StartsWith("Afilnet.Contacts/", userAgent, StringComparison.Ordinal);
        return Style.DecodeAndCheck(request, TestCredentials.Create());
    }

    public void Dispose()
    {
        (Transport as IDisposable)?.Dispose();
        _httpClient.Dispose();
        Fake.Dispose();
    }
}
