namespace Afilnet.Contacts.Transport.Http;

/// <summary>
/// Security level Low: <c>GET /api/http/?class=group&amp;method=M&amp;user=U&amp;password=P&amp;…</c>, every value
/// RFC 3986-encoded. Credentials travel in the URL, where server and proxy logs keep them: prefer a stronger
/// transport outside development.
/// </summary>
public sealed class HttpGetTransport : ITransport
{
    /// <summary>The path requests go to, relative to the base address.</summary>
    public const string Path = "api/http/";

    private readonly HttpExchange _exchange;
    private readonly string _urlPrefix;

    /// <summary>Creates the transport.</summary>
    /// <param name="httpClient">
    /// The client to send with (from IHttpClientFactory, or one long-lived instance), built with automatic redirects
    /// off (<c>new SocketsHttpHandler { AllowAutoRedirect = false }</c>); not disposed by the transport. A client that
    /// follows redirects sends the request to the other host before the SDK sees the answer: the SDK then refuses the
    /// answer with <see cref="TransportFailureReason.Redirect"/>, but cannot undo the send.
    /// </param>
    /// <param name="options">The settings; copied, so later changes have no effect.</param>
    /// <exception cref="ArgumentException">Missing credentials, an invalid or clear-text remote base address, or a limit out of range.</exception>
    public HttpGetTransport(HttpClient httpClient, HttpGetTransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _exchange = new HttpExchange(httpClient, options, Name, Path);
        MaxUrlLength = UrlLimit.Validate(options.MaxUrlLength, _exchange.Endpoint);
        _urlPrefix = _exchange.Endpoint.AbsoluteUri + "?";
    }

    /// <inheritdoc />
    public string Name => "HttpGet";

    /// <inheritdoc />
    public SecurityLevel SecurityLevel => SecurityLevel.Low;

    /// <summary>The longest URL this transport sends.</summary>
    public int MaxUrlLength { get; }

    /// <summary>The length of the URL <paramref name="request"/> would be sent with, so callers can size batches.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The number of characters of the whole URL.</returns>
    public int MeasureUrl(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return BuildUrl(request).Length;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The URL would be longer than <see cref="MaxUrlLength"/>; nothing was sent.</exception>
    public async ValueTask<ApiAnswer> SendAsync(ApiRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var message = UrlLimit.CreateGetRequest(BuildUrl(request), MaxUrlLength, Name, request);
        return await _exchange.SendAsync(message, request.Operation.Name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Describes the transport without its credentials.</summary>
    /// <returns>The name and endpoint.</returns>
    public override string ToString() => $"{Name} {_exchange.Endpoint}";

    private string BuildUrl(ApiRequest request) => FormEncoder.Encode(request, _exchange.Credentials, _urlPrefix);
}
