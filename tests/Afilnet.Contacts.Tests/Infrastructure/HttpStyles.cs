using WireMock;

namespace Afilnet.Contacts.Tests.Infrastructure;

public sealed class HttpGetStyle : WireStyle
{
    public override string Name => "HttpGet";

    public override AfilnetTransportKind Transport => AfilnetTransportKind.HttpGet;

    public override DecodedCall DecodeAndCheck(IRequestMessage request)
    {
        Assert.Equal("GET", request.Method);
        Assert.Equal("/api/http/", request.Path);
        Assert.True(string.IsNullOrEmpty(request.Body), "a GET carries no body");
        Assert.False(request.Headers?.ContainsKey("Authorization") ?? false, "HttpGet sends no Authorization header");
        return FormText.ToCall(FormText.Parse(request.RawQuery), withCredentials: true);
    }
}

public sealed class HttpPostStyle : WireStyle
{
    public override string Name => "HttpPost";

    public override AfilnetTransportKind Transport => AfilnetTransportKind.HttpPost;

    public override DecodedCall DecodeAndCheck(IRequestMessage request)
    {
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/http/", request.Path);
        Assert.True(string.IsNullOrEmpty(request.RawQuery), "HttpPost puts nothing in the query string");
        Assert.Equal("application/x-www-form-urlencoded; charset=utf-8", request.Headers!["Content-Type"].Single());
        Assert.False(request.Headers.ContainsKey("Authorization"), "HttpPost sends no Authorization header");
        return FormText.ToCall(FormText.Parse(request.Body), withCredentials: true);
    }
}
