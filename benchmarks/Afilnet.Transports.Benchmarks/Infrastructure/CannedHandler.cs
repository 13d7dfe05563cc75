using System.Net;
using System.Net.Http.Headers;

namespace Afilnet.Transports.Benchmarks.Infrastructure;

/// <summary>
/// The in-memory server: an <see cref="HttpMessageHandler"/> that serializes the request content (as a socket
/// handler would, so encoding cost stays in the measurement) and returns a canned answer. No sockets, no threads:
/// what remains is the client's own cost (request building, encoding, reading, parsing, allocations).
/// </summary>
/// <remarks>The Soap transport uses it too: the SDK puts WCF over the handler it is given.</remarks>
internal sealed class CannedHandler : HttpMessageHandler
{
    private static readonly MediaTypeHeaderValue Json = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");
    private static readonly MediaTypeHeaderValue Xml = MediaTypeHeaderValue.Parse("text/xml; charset=utf-8");

    /// <summary>The answer of <c>/api/http/</c>, <c>/api/basic/</c> and <c>/api/json/</c>.</summary>
    public byte[] JsonAnswer { get; set; } = CannedAnswers.JsonCreateGroup;

    /// <summary>The answer of <c>/api/soap/</c>, to the SDK's Soap transport and the hand-written SOAP baseline alike.</summary>
    public byte[] SoapAnswer { get; set; } = CannedAnswers.SoapCreateGroup;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is { } content)
        {
            await content.CopyToAsync(Stream.Null, cancellationToken);
        }

        var path = request.RequestUri!.AbsolutePath;
        var (answer, type) = path.StartsWith("/api/oauth2/token", StringComparison.Ordinal) ? (CannedAnswers.Token, Json)
            : path.StartsWith("/api/soap/", StringComparison.Ordinal) ? (SoapAnswer, Xml)
            : (JsonAnswer, Json);
        var body = new ByteArrayContent(answer);
        body.Headers.ContentType = type;
        body.Headers.ContentLength = answer.Length;
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = body, RequestMessage = request };
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        SendAsync(request, cancellationToken).GetAwaiter().GetResult();
}
