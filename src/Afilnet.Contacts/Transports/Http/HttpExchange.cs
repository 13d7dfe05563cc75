using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;

namespace Afilnet.Contacts.Transport.Http;

/// <summary>
/// The choke point every HTTP-style request passes (HttpGet, HttpPost, BasicAuth, OAuth2Json): adds the User-Agent,
/// bounds the exchange in time and size, turns every failure into an SDK exception, and reads the JSON answer.
/// Transports only decide how the request looks on the wire.
/// </summary>
internal sealed class HttpExchange
{
    private const int ErrorBodyExcerptBytes = 4096;

    private readonly HttpClient _httpClient;
    private readonly string _transportName;
    private readonly long _maxResponseBytes;
    private readonly TimeSpan _timeout;

    public HttpExchange(HttpClient httpClient, AfilnetHttpTransportOptions options, string transportName, string path)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        var credentials = options.Credentials
            ?? throw new ArgumentException($"{transportName} needs Credentials (user and password).", nameof(options));
        Endpoint = ResolveEndpoint(options.BaseAddress, options.AllowInsecureHttp, path, transportName);
        if (options.MaxResponseBytes <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxResponseBytes, "MaxResponseBytes must be positive.");
        }

        if (options.Timeout <= TimeSpan.Zero && options.Timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Timeout, "Timeout must be positive or infinite.");
        }

        _httpClient = httpClient;
        _transportName = transportName;
        _maxResponseBytes = options.MaxResponseBytes;
        _timeout = options.Timeout;
        Credentials = credentials;
        Scrubber = new SecretScrubber(credentials.Password);
    }

    /// <summary>The absolute address requests go to, for example <c>https://www.afilnet.com/api/http/</c>.</summary>
    public Uri Endpoint { get; }

    public AfilnetCredentials Credentials { get; }

    public SecretScrubber Scrubber { get; }

    /// <summary>
    /// Resolves <paramref name="path"/> against the base address and refuses clear-text HTTP to a remote host
    /// unless the integrator opted in.
    /// </summary>
    public static Uri ResolveEndpoint(Uri baseAddress, bool allowInsecureHttp, string path, string transportName)
    {
        RequireSafeAddress(baseAddress, allowInsecureHttp, transportName, "BaseAddress");

        // Without a trailing slash, a base such as https://proxy/afilnet would lose its last segment.
        var baseText = baseAddress.GetLeftPart(UriPartial.Path);
        var normalized = baseText.EndsWith('/') ? new Uri(baseText) : new Uri(baseText + "/");
        return new Uri(normalized, path);
    }

    /// <summary>
    /// Refuses an address that is not absolute http(s), or that uses clear-text HTTP to a remote host unless the
    /// integrator opted in. Every address credentials or tokens travel to passes here (base and token endpoint).
    /// </summary>
    public static void RequireSafeAddress(Uri address, bool allowInsecureHttp, string transportName, string settingName)
    {
        ArgumentNullException.ThrowIfNull(address, settingName);
        if (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttps && address.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"{transportName}: {settingName} must be an absolute http or https address.", settingName);
        }

        if (address.Scheme == Uri.UriSchemeHttp && !address.IsLoopback && !allowInsecureHttp)
        {
            throw new ArgumentException(
                $"{transportName}: {settingName} uses plain http:// to '{address.Host}', which would send credentials in clear text. " +
                "Use https://, or set AllowInsecureHttp if you accept the risk.",
                settingName);
        }
    }

    /// <summary>Sends <paramref name="message"/> (disposing it) and reads the Afilnet JSON answer.</summary>
    /// <param name="message">The request; disposed here.</param>
    /// <param name="method">The wire method name, for messages.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    /// <param name="scrubber">
    /// Replaces <see cref="Scrubber"/> for this exchange when the transport knows more secrets than the password
    /// (a Basic header, a client secret, the current access token).
    /// </param>
    /// <remarks>Pooled state machine: every transport awaits the result exactly once, at once.</remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ApiAnswer> SendAsync(HttpRequestMessage message, string method, CancellationToken cancellationToken, SecretScrubber? scrubber = null)
    {
        scrubber ??= Scrubber;
        using var _ = message;
        message.Headers.UserAgent.Add(SdkInfo.UserAgent);
        SendOnce.PreventHiddenResend(message);
        var sentTo = message.RequestUri;

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        var token = timeout.Token;
        try
        {
            using var response = await _httpClient.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (SendOnce.FollowedRedirectHost(sentTo, response) is { } followedTo)
            {
                throw new AfilnetTransportException(SendOnce.FollowedRedirectMessage(_transportName, method, followedTo), TransportFailureReason.Redirect, method, status);
            }

            if (status is >= 300 and < 400)
            {
                // Following would resend credentials to wherever the server points; report only status and host.
                var target = response.Headers.Location is { } location
                    ? (location.IsAbsoluteUri ? scrubber.Scrub(location.Host) : Endpoint.Host)
                    : "no location";
                throw new AfilnetTransportException(
                    $"{_transportName} '{method}': the server answered HTTP {status} redirecting to {target}; redirects are not followed.",
                    TransportFailureReason.Redirect, method, status);
            }

            if (!response.IsSuccessStatusCode)
            {
                var excerpt = await ReadExcerptAsync(response.Content, scrubber, token).ConfigureAwait(false);
                throw new AfilnetTransportException(
                    // The reason phrase is server text like the body: it passes the same scrubber.
                    $"{_transportName} '{method}': the server answered HTTP {status} ({scrubber.Scrub(response.ReasonPhrase ?? string.Empty)}){(excerpt is null ? "." : ": " + excerpt)}",
                    TransportFailureReason.HttpStatus, method, status)
                {
                    RetryAfter = RetryAfter(response.Headers.RetryAfter),
                };
            }

            var (buffer, length) = await ReadBodyAsync(response.Content, method, token).ConfigureAwait(false);
            try
            {
                return JsonAnswerReader.Read(buffer.AsMemory(0, length), method, scrubber);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Surface the caller's own token, not the linked one used for the timeout.
            cancellationToken.ThrowIfCancellationRequested();
            throw;
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested)
        {
            throw new AfilnetTransportException(
                $"{_transportName} '{method}': no complete answer within {_timeout.TotalSeconds:0.###} s.",
                TransportFailureReason.Timeout, method, innerException: ex);
        }
        catch (OperationCanceledException ex)
        {
            // Neither the caller nor the SDK's timeout: the HttpClient's own Timeout, shorter than the SDK's.
            throw new AfilnetTransportException(
                $"{_transportName} '{method}': the HttpClient's own Timeout ended the exchange before the SDK's {_timeout.TotalSeconds:0.###} s.",
                TransportFailureReason.Timeout, method, innerException: ex);
        }
        catch (HttpRequestException ex)
        {
            throw FromHttpRequestException(ex, method);
        }
        catch (IOException ex)
        {
            // The connection broke while the body was being read.
            throw new AfilnetTransportException(
                $"{_transportName} '{method}': the connection broke while reading the answer.",
                TransportFailureReason.ConnectionLost, method, innerException: ex);
        }
    }

    /// <summary>Retry-After as a delay; an unparseable header is ignored (HttpClient then exposes none).</summary>
    internal static TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    private AfilnetTransportException FromHttpRequestException(HttpRequestException ex, string method)
    {
        // A connection that was never established means the request never left: safe to send again, even a write.
        var neverSent = ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
            or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError;
        var what = neverSent
            ? $"could not connect to {Endpoint.Host}:{Endpoint.Port} ({ex.HttpRequestError})"
            : $"the exchange with {Endpoint.Host}:{Endpoint.Port} failed ({ex.HttpRequestError})";
        return new AfilnetTransportException(
            $"{_transportName} '{method}': {what}.",
            neverSent ? TransportFailureReason.ConnectionFailed : TransportFailureReason.ConnectionLost,
            method,
            requestMayHaveReachedServer: !neverSent,
            innerException: ex);
    }

    /// <summary>Reads the whole body into a pooled buffer, refusing one larger than the limit without reading it all.</summary>
    // Pooled: one state machine box less per call (awaited exactly once, by SendAsync).
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<(byte[] Buffer, int Length)> ReadBodyAsync(HttpContent content, string method, CancellationToken cancellationToken)
    {
        var declared = content.Headers.ContentLength;
        if (declared > _maxResponseBytes)
        {
            throw TooLarge(method);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(declared is > 0 and < int.MaxValue ? (int)declared.Value + 1 : 16 * 1024);
        var length = 0;
        try
        {
            var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                while (true)
                {
                    if (length == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, Array.MaxLength));
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return (buffer, length);
                    }

                    length += read;
                    if (length > _maxResponseBytes)
                    {
                        throw TooLarge(method);
                    }
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static async Task<string?> ReadExcerptAsync(HttpContent content, SecretScrubber scrubber, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var buffer = new byte[ErrorBodyExcerptBytes];
                var length = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                return scrubber.Excerpt(buffer.AsSpan(0, length));
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            // The status already says what happened; a body we cannot read adds nothing.
            return null;
        }
    }

    private AfilnetTransportException TooLarge(string method) => new(
        $"{_transportName} '{method}': the answer is larger than MaxResponseBytes ({_maxResponseBytes} bytes).",
        TransportFailureReason.ResponseTooLarge, method, (int)HttpStatusCode.OK);
}
