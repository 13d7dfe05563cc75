namespace Afilnet.Contacts.Tests.Infrastructure;

/// <summary>A WireMock fake answering canned bodies, and a client of one style pointed at it, on a fake clock.</summary>
public sealed class Harness : IDisposable
{
    public Harness(string styleName, Action<AfilnetOptions>? configure = null)
        : this(WireStyles.Get(styleName), configure)
    {
    }

    public Harness(WireStyle style, Action<AfilnetOptions>? configure = null)
    {
        Style = style;
        Fake = FakeApi.Start();
        Fake.IsApiCall = style.IsApiCall;
        style.Prepare(Fake);
        Api = TestClients.Create(style, Fake.BaseAddress, configure, Time);
    }

    public WireStyle Style { get; }

    public FakeApi Fake { get; }

    public TestClock Time { get; } = TestClients.NewClock();

    public ContactsClient Api { get; }

    public void AnswerSuccess(string method, string? resultJson)
    {
        var (body, contentType) = Style.RenderSuccess(method, resultJson);
        Answer(body, contentType);
    }

    public void AnswerError(string method, string code)
    {
        var (body, contentType) = Style.RenderError(method, code);
        Answer(body, contentType);
    }

    /// <summary>Answers every API call with a raw body; the style's own endpoints (a token endpoint) keep working.</summary>
    public void Answer(string body, string? contentType = null, int status = 200)
    {
        Fake.Answer(body, contentType ?? Style.AnswerContentType, status);
        Style.Prepare(Fake);
    }

    /// <summary>The single request the fake received, decoded and checked against the style's carrier rules.</summary>
    public DecodedCall SingleCall()
    {
        // Requests holds API calls only: a token request is the style's business, checked by its own tests.
        var request = Assert.Single(Fake.Requests);
        var userAgent = Assert.Single(request.Headers!["User-Agent"]);
        Assert.StartsWith("Afilnet.Contacts/", userAgent, StringComparison.Ordinal);
        return Style.DecodeAndCheck(request);
    }

    public void Dispose()
    {
        Api.Dispose();
        Fake.Dispose();
    }
}
