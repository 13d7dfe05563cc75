using System.Net.Http.Headers;
using System.Text;
using Afilnet.Contacts.Configuration;
using Afilnet.Contacts.Requests;
using Afilnet.Contacts.Transports.Http;

namespace Afilnet.Contacts.Transports.BasicAuth;

/// <summary>
/// Security level Medium: <c>/api/basic/</c> with <c>Authorization: Basic base64(utf8(user:password))</c>; class,
/// method and parameters in a form body (POST, the default) or in the query string (GET, within the URL limit).
/// User and password never appear in the URL or the body.
/// </summary>
internal sealed class BasicAuthTransport(ClientSettings settings, HttpPipeline pipeline)
    // The gate already knows the "user:password" pair whose base64 form the header carries (ClientSettings.SecretsInPlay).
    : JsonTransport(AfilnetTransportKind.BasicAuth, settings, pipeline, settings.Gate)
{
    // Built once: the credentials are fixed for the transport's life.
    private readonly AuthenticationHeaderValue _authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Pair(settings))));
    private readonly BasicAuthVerb _verb = settings.BasicAuthVerb;
    private readonly string _urlPrefix = settings.Endpoint.AbsoluteUri + "?";
    private readonly int _maxUrlLength = settings.MaxUrlLength;

    public override string ToString() => $"BasicAuth {_verb.ToString().ToUpperInvariant()} {Endpoint}";

    protected override HttpRequestMessage CreateMessage(ApiRequest request)
    {
        var message = _verb == BasicAuthVerb.Get
            ? UrlLimit.CreateGetRequest(FormEncoder.Encode(request, credentials: null, _urlPrefix), _maxUrlLength, "BasicAuth", request)
            : new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = FormEncoder.CreateContent(request, credentials: null) };
        message.Headers.Authorization = _authorization;
        return message;
    }

    private static string Pair(ClientSettings settings) => settings.Account!.User + ":" + settings.Account.Password;
}
