using System.Net;
using System.Net.Http.Headers;
using Afilnet.Testing.Rendering;

namespace Afilnet.Testing.Hosting;

/// <summary>
/// The fake without a socket: each request goes to the same router WireMock's callback uses, and the reply comes back
/// as an <see cref="HttpResponseMessage"/>, spoiled as an injected fault says (as WireMock would over the wire).
/// </summary>
internal sealed class InMemoryHandler(Func<FakeHttpRequest, CancellationToken, Task<(Reply Reply, FakeFault? Fault)>> handle, CancellationToken stopping)
    : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no address.");
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        Collect(request.Headers, headers);
        if (request.Content is not null)
        {
            Collect(request.Content.Headers, headers);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);
        (Reply Reply, FakeFault? Fault) answer;
        try
        {
            answer = await handle(new FakeHttpRequest(request.Method.Method, uri.AbsolutePath, uri.Query, headers, body), linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            answer = (Reply.Plain(503, "The fake server is stopping."), null);
        }

        var (reply, fault) = answer;
        var content = new ByteArrayContent(Spoil(reply.Body, fault));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(reply.ContentType);
        var response = new HttpResponseMessage((HttpStatusCode)reply.Status) { Content = content, RequestMessage = request };
        foreach (var (name, value) in reply.Headers)
        {
            if (!response.Headers.TryAddWithoutValidation(name, value))
            {
                content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return response;
    }

    /// <summary>What WireMock's fault types do to a body: half of it then random bytes, or nothing at all.</summary>
    private static byte[] Spoil(byte[] body, FakeFault? fault)
    {
        switch (fault?.Body)
        {
            case FakeFaultBody.Empty:
                return [];
            case FakeFaultBody.Malformed:
                var spoiled = (byte[])body.Clone();
                Random.Shared.NextBytes(spoiled.AsSpan(body.Length / 2));
                return spoiled;
            default:
                return body;
        }
    }

    private static void Collect(HttpHeaders source, Dictionary<string, string> target)
    {
        foreach (var (name, values) in source)
        {
            target[name] = string.Join(", ", values);
        }
    }
}
