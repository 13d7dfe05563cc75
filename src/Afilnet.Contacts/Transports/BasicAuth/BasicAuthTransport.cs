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
    : JsonTransport(AfilnetTransportKind.BasicAuth, settings, pipeline)
{
    // Built once per credential set, not per call: rotated credentials get a header of their own.
    private SetHeader? _authorization;
    private readonly BasicAuthVerb _verb = settings.BasicAuthVerb;
    private readonly string _urlPrefix = settings.Endpoint.AbsoluteUri + "?";
    private readonly int _maxUrlLength = settings.MaxUrlLength;

    public override string ToString() => $"BasicAuth {_verb.ToString().ToUpperInvariant()} {Endpoint}";

    protected override SdkRequestMessage CreateMessage(ApiRequest request, CredentialSet credentials)
    {
        var message = _verb == BasicAuthVerb.Get
            ? UrlLimit.CreateGetRequest(FormEncoder.Encode(request, credentials: null, _urlPrefix), _maxUrlLength, "BasicAuth", request)
            : new SdkRequestMessage(HttpMethod.Post, Endpoint) { Content = FormEncoder.CreateContent(request, credentials: null) };
        message.Headers.Authorization = HeaderFor(credentials);
        return message;
    }

    private AuthenticationHeaderValue HeaderFor(CredentialSet credentials)
    {
        if (Volatile.Read(ref _authorization) is { } cached && ReferenceEquals(cached.Set, credentials))
        {
            return cached.Header;
        }

        var header = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials.Account!.User + ":" + credentials.Account.Password)));
        Volatile.Write(ref _authorization, new SetHeader(credentials, header));
        return header;
    }

    private sealed record SetHeader(CredentialSet Set, AuthenticationHeaderValue Header);
}
