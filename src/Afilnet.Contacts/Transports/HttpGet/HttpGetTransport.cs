using Afilnet.Contacts.Configuration;
using Afilnet.Contacts.Requests;
using Afilnet.Contacts.Transports.Http;

namespace Afilnet.Contacts.Transports.HttpGet;

/// <summary>
/// Security level Low: <c>GET /api/http/?class=group&amp;method=M&amp;user=U&amp;password=P&amp;…</c>, every value
/// RFC 3986-encoded, the whole URL within <see cref="AfilnetOptions.MaxUrlLength"/>. Credentials travel in the URL,
/// where server and proxy logs keep them.
/// </summary>
internal sealed class HttpGetTransport(ClientSettings settings, HttpPipeline pipeline)
    : JsonTransport(AfilnetTransportKind.HttpGet, settings, pipeline)
{
    private readonly string _urlPrefix = settings.Endpoint.AbsoluteUri + "?";
    private readonly int _maxUrlLength = settings.MaxUrlLength;

    protected override SdkRequestMessage CreateMessage(ApiRequest request, CredentialSet credentials) =>
        UrlLimit.CreateGetRequest(FormEncoder.Encode(request, credentials.Account, _urlPrefix), _maxUrlLength, "HttpGet", request);
}
