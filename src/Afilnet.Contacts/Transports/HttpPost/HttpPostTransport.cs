
namespace Afilnet.Contacts.Transport.Http;

/// <summary>
/// Security level Medium: <c>POST /api/http/</c> with every field (class, method, user, password, parameters) in an
/// <c>application/x-www-form-urlencoded; charset=utf-8</c> body and nothing in the query string.
/// </summary>
public sealed class HttpPostTransport : ITransport
{
    /// <summary>The path requests go to, relative to the base address.</summary>
    public const string Path = "api/http/";

    private readonly HttpExchange _exchange;

    /// <summary>Creates the transport.</summary>
    /// <param name="httpClient">
    /// The client to send with (from IHttpClientFactory, or one long-lived instance), built with automatic redirects
    /// off (<c>new SocketsHttpHandler { AllowAutoRedirect = false }</c>); not disposed by the transport. A client that
    /// follows redirects sends the request to the other host before the SDK sees the answer: the SDK then refuses the
    /// answer with <see cref="TransportFailureReason.Redirect"/>, but cannot undo the send.
    /// </param>
    /// <param name="options">The settings; copied, so later changes have no effect.</param>
    /// <exception cref="ArgumentException">Missing credentials, an invalid or clear-text remote base address, or a limit out of range.</exception>
    public HttpPostTransport(HttpClient httpClient, HttpPostTransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _exchange = new HttpExchange(httpClient, options, Name, Path);
    }

    /// <inheritdoc />
    public string Name => "HttpPost";

    /// <inheritdoc />
    public SecurityLevel SecurityLevel => SecurityLevel.Medium;

    /// <inheritdoc />
    public async ValueTask<ApiAnswer> SendAsync(ApiRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var message = new HttpRequestMessage(HttpMethod.Post, _exchange.Endpoint)
        {
            Content = FormEncoder.CreateContent(request, _exchange.Credentials),
        };
        return await _exchange.SendAsync(message, request.Operation.Name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Describes the transport without its credentials.</summary>
    /// <returns>The name and endpoint.</returns>
    public override string ToString() => $"{Name} {_exchange.Endpoint}";
}
