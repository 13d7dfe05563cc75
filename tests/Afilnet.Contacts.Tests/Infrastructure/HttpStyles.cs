using Afilnet.Contacts.Transport;
using Afilnet.Contacts.Transport.Http;
using WireMock;

namespace Afilnet.Contacts.Tests.Infrastructure;

public sealed class HttpGetStyle : JsonAnswerWireStyle
{
    public override string Name => "HttpGet";

    public override ITransport CreateTransport(HttpClient httpClient, Uri baseAddress, AfilnetCredentials credentials) =>
        new HttpGetTransport(httpClient, new HttpGetTransportOptions { BaseAddress = baseAddress, Credentials = credentials });

    public override DecodedCall DecodeAndCheck(IRequestMessage request, AfilnetCredentials credentials)
    {
        Assert.Equal("GET", request.Method);
        Assert.Equal("/api/http/", request.Path);
        Assert.True(string.IsNullOrEmpty(request.Body), "a GET carries no body");
        Assert.False(request.Headers?.ContainsKey("Authorization") ?? false, "HttpGet sends no Authorization header");
        return FormText.ToCall(FormText.Parse(request.RawQuery), withCredentials: true, credentials);
    }
}

public sealed class HttpPostStyle : JsonAnswerWireStyle
{
    public override string Name => "HttpPost";

    public override ITransport CreateTransport(HttpClient httpClient, Uri baseAddress, AfilnetCredentials credentials) =>
        new HttpPostTransport(httpClient, new HttpPostTransportOptions { BaseAddress = baseAddress, Credentials = credentials });

    public override DecodedCall DecodeAndCheck(IRequestMessage request, AfilnetCredentials credentials)
    {
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/http/", request.Path);
        Assert.True(string.IsNullOrEmpty(request.RawQuery), "HttpPost puts nothing in the query string");
        Assert.Equal("application/x-www-form-urlencoded; charset=utf-8", request.Headers!["Content-Type"].Single());
        Assert.False(request.Headers.ContainsKey("Authorization"), "HttpPost sends no Authorization header");
        return FormText.ToCall(FormText.Parse(request.Body), withCredentials: true, credentials);
    }
}
