using Afilnet.Contacts.Configuration;
using Afilnet.Contacts.Requests;
using Afilnet.Contacts.Transports.Http;

namespace Afilnet.Contacts.Transports.HttpPost;

/// <summary>
/// Security level Medium: <c>POST /api/http/</c> with every field (class, method, user, password, parameters) in an
/// <c>application/x-www-form-urlencoded; charset=utf-8</c> body and nothing in the query string.
/// </summary>
internal sealed class HttpPostTransport(ClientSettings settings, HttpPipeline pipeline)
    : JsonTransport(AfilnetTransportKind.HttpPost, settings, pipeline)
{
    protected override SdkRequestMessage CreateMessage(ApiRequest request, CredentialSet credentials) =>
        new(HttpMethod.Post, Endpoint) { Content = FormEncoder.CreateContent(request, credentials.Account) };
}
