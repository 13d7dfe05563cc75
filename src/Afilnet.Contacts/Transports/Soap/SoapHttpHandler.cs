using System.Net;
using System.Net.Http.Headers;
using System.ServiceModel.Channels;
using System.ServiceModel.Description;
using System.ServiceModel.Dispatcher;
using Afilnet.Contacts.Transport.Http;

namespace Afilnet.Contacts.Transport.Soap;

/// <summary>
/// Sits under WCF's HTTP channel, on the HttpClient it builds, and does for SOAP what <see cref="HttpExchange"/> does
/// for the JSON transports: adds the User-Agent, refuses redirects (WCF's handler would follow them and re-POST the
/// password), bounds the reply body, and turns every answer that is not a SOAP envelope into an SDK error with
/// the real status and a scrubbed excerpt, before WCF would misreport it (an HTML 504 as a client timeout, say).
/// Only a 2xx (or a 500 that may be a Fault) with an XML body reaches WCF.
/// </summary>
internal sealed class SoapHttpHandler : DelegatingHandler
{
    private const int ReadChunkBytes = 16 * 1024;

    /// <summary>How much of an error page is kept for the message's excerpt.</summary>
    private const int ErrorExcerptBytes = 4096;

    private static readonly AsyncLocal<SoapCallState?> CurrentCall = new();

    private readonly long _maxResponseBytes;

    public SoapHttpHandler(HttpMessageHandler innerHandler, long maxResponseBytes)
        : base(innerHandler)
    {
        _maxResponseBytes = maxResponseBytes;
    }

    /// <summary>
    /// The call in progress on this async flow. WCF gives a handler no per-call state, so the transport sets it before
    /// calling the channel and the handler records what it saw there (the raw body, for excerpts).
    /// </summary>
    public static SoapCallState? Current
    {
        get => CurrentCall.Value;
        set => CurrentCall.Value = value;
    }

    /// <summary>The endpoint behavior that installs the handler on the HttpClient WCF creates for the factory.</summary>
    public static IEndpointBehavior CreateBehavior(long maxResponseBytes) => new InstallBehavior(maxResponseBytes);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.UserAgent.Clear();
        request.Headers.UserAgent.Add(SdkInfo.UserAgent);

        var call = Current;
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            var status = (int)response.StatusCode;
            if (status is >= 300 and < 400)
            {
                var location = response.Headers.Location;
                var target = location is null ? "no location" : location.IsAbsoluteUri ? location.Host : request.RequestUri?.Host ?? "the same host";
                throw new SoapHttpFailure(SoapHttpFailureKind.Redirect, status, $"HTTP {status} redirecting to {target}; redirects are not followed");
            }

            var isXml = IsXml(response.Content.Headers.ContentType);
            var mayBeFault = status == (int)HttpStatusCode.InternalServerError && isXml;
            if (!response.IsSuccessStatusCode && !mayBeFault)
            {
                // An error page: its head is enough for the message, however long it is.
                var head = await ReadHeadAsync(response.Content, cancellationToken).ConfigureAwait(false);
                call?.Record(head, status);
                throw new SoapHttpFailure(SoapHttpFailureKind.HttpStatus, status, $"HTTP {status} ({response.ReasonPhrase})")
                {
                    RetryAfter = HttpExchange.RetryAfter(response.Headers.RetryAfter),
                };
            }

            var body = await ReadBodyAsync(response.Content, status, cancellationToken).ConfigureAwait(false);
            call?.Record(body, status);
            if (body.Length == 0)
            {
                // WCF would hand back no message at all (or fail with a NullReferenceException); say what happened.
                throw response.IsSuccessStatusCode
                    ? new SoapHttpFailure(SoapHttpFailureKind.Unreadable, status, "is empty")
                    : new SoapHttpFailure(SoapHttpFailureKind.HttpStatus, status, $"HTTP {status} ({response.ReasonPhrase}) with an empty body");
            }

            if (!isXml)
            {
                throw new SoapHttpFailure(
                    SoapHttpFailureKind.Unreadable, status, $"has Content-Type '{response.Content.Headers.ContentType?.MediaType ?? "none"}', not text/xml");
            }

            // Hand WCF the body already read, with the original content headers.
            var content = new ByteArrayContent(body);
            foreach (var header in response.Content.Headers)
            {
                content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            response.Content.Dispose();
            response.Content = content;
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    // SOAP 1.1 travels as text/xml only (protocol.md section 4); anything else is not an envelope.
    private static bool IsXml(MediaTypeHeaderValue? contentType) =>
        string.Equals(contentType?.MediaType, "text/xml", StringComparison.OrdinalIgnoreCase);

    private static async Task<byte[]> ReadHeadAsync(HttpContent content, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var buffer = new byte[ErrorExcerptBytes];
                var length = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                return buffer[..length];
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            // The status already says what happened; a body we cannot read adds nothing.
            return [];
        }
    }

    /// <summary>Reads the whole body, refusing one over the limit without reading it all.</summary>
    private async Task<byte[]> ReadBodyAsync(HttpContent content, int status, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > _maxResponseBytes)
        {
            throw TooLarge(status);
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream(content.Headers.ContentLength is > 0 and < ReadChunkBytes ? (int)content.Headers.ContentLength.Value : ReadChunkBytes);
            var chunk = new byte[ReadChunkBytes];
            while (true)
            {
                var read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return buffer.ToArray();
                }

                if (buffer.Length + read > _maxResponseBytes)
                {
                    throw TooLarge(status);
                }

                buffer.Write(chunk, 0, read);
            }
        }
    }

    private SoapHttpFailure TooLarge(int status) =>
        new(SoapHttpFailureKind.TooLarge, status, $"is larger than MaxResponseBytes ({_maxResponseBytes} bytes)");

    private sealed class InstallBehavior(long maxResponseBytes) : IEndpointBehavior
    {
        public void AddBindingParameters(ServiceEndpoint endpoint, BindingParameterCollection bindingParameters) =>
            bindingParameters.Add(new Func<HttpClientHandler, HttpMessageHandler>(handler =>
            {
                // Redirects would re-POST the envelope, password included, wherever the server points.
                handler.AllowAutoRedirect = false;
                return new SoapHttpHandler(handler, maxResponseBytes);
            }));

        public void ApplyClientBehavior(ServiceEndpoint endpoint, ClientRuntime clientRuntime)
        {
        }

        public void ApplyDispatchBehavior(ServiceEndpoint endpoint, EndpointDispatcher endpointDispatcher)
        {
        }

        public void Validate(ServiceEndpoint endpoint)
        {
        }
    }
}

/// <summary>What the handler saw of one call: the raw reply body and status, for excerpts and diagnostics.</summary>
internal sealed class SoapCallState
{
    public byte[]? Body { get; private set; }

    public int? StatusCode { get; private set; }

    public void Record(byte[] body, int statusCode)
    {
        Body = body;
        StatusCode = statusCode;
    }
}

/// <summary>The kinds of answer the handler stops before WCF reads them.</summary>
internal enum SoapHttpFailureKind
{
    Redirect,
    HttpStatus,
    TooLarge,
    Unreadable,
}

/// <summary>
/// Thrown by <see cref="SoapHttpHandler"/> and passed through WCF untouched (it wraps only HttpRequestException and
/// cancellation); the transport turns it into the SDK error. Carries no server text, only status and a description.
/// </summary>
internal sealed class SoapHttpFailure(SoapHttpFailureKind kind, int statusCode, string description) : Exception(description)
{
    public SoapHttpFailureKind Kind { get; } = kind;

    public int StatusCode { get; } = statusCode;

    public string Description { get; } = description;

    /// <summary>The server's <c>Retry-After</c> (a 429 or 503), so Soap is throttled like the HTTP transports.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
