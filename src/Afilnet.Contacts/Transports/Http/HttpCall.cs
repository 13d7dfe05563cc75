using System.Globalization;
using System.Net.Http.Headers;
using Afilnet.Contacts.Secrets;

namespace Afilnet.Contacts.Transports.Http;

/// <summary>What an answer must look like for the policy to hand it on.</summary>
internal enum HttpAnswerKind
{
    /// <summary>An API call of HttpGet, HttpPost, BasicAuth or OAuth2Json: a 2xx JSON answer.</summary>
    Json,

    /// <summary>A SOAP call: a 2xx <c>text/xml</c> envelope, or a 500 that may be a SOAP Fault.</summary>
    Soap,

    /// <summary>A token request: 2xx, or the RFC 6749 section 5.2 error answers (400, 401), for Duende.IdentityModel to read.</summary>
    Token,
}

/// <summary>What one transport's calls share: its name for messages, its limits and its clock.</summary>
internal sealed class HttpCallSettings(string transport, long maxResponseBytes, TimeSpan timeout, TimeProvider time)
{
    public string Transport { get; } = transport;

    public long MaxResponseBytes { get; } = maxResponseBytes;

    /// <summary>One attempt: from sending to the last byte of the answer.</summary>
    public TimeSpan Timeout { get; } = timeout;

    public TimeProvider Time { get; } = time;

    /// <summary>Deadlines of ended attempts, ready for the next ones (<see cref="AttemptDeadline.Start"/>).</summary>
    public IdlePool<AttemptDeadline> IdleDeadlines { get; } = new();
}

/// <summary>
/// A few idle objects kept for reuse, taken and given back without a lock or an allocation; when full, an object given
/// back is refused and its owner releases it. Hand-written rather than Microsoft.Extensions.ObjectPool's, which would
/// be a new dependency of the core package for a dozen lines.
/// </summary>
internal sealed class IdlePool<T>
    where T : class
{
    private readonly T?[] _items = new T?[Math.Clamp(Environment.ProcessorCount * 2, 4, 32)];

    public T? TryTake()
    {
        for (var i = 0; i < _items.Length; i++)
        {
            if (Volatile.Read(ref _items[i]) is not null && Interlocked.Exchange(ref _items[i], null) is { } item)
            {
                return item;
            }
        }

        return null;
    }

    public bool TryAdd(T item)
    {
        for (var i = 0; i < _items.Length; i++)
        {
            if (Interlocked.CompareExchange(ref _items[i], item, null) is null)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// One attempt, as the SDK hands it to <see cref="AfilnetHttpPolicy"/> in the request's options: which call it is, how
/// to judge its answer, which secrets to scrub, and, once the policy is done, the answer read. Also the proof that the
/// attempt was sent at most once, whatever handlers sit around the policy.
/// </summary>
internal sealed class HttpCall(HttpCallSettings settings, string method, HttpAnswerKind kind, ServerTextGate gate)
{
    /// <summary>Where the SDK puts the call on each request it sends.</summary>
    public static readonly HttpRequestOptionsKey<HttpCall> Key = new("Afilnet.HttpCall");

    /// <summary>A token answer is a few hundred bytes; nothing near this is legitimate.</summary>
    private const long MaxTokenAnswerBytes = 64 * 1024;

    private int _sent;

    public HttpCallSettings Settings { get; } = settings;

    public string Method { get; } = method;

    public HttpAnswerKind Kind { get; } = kind;

    public ServerTextGate Gate { get; } = gate;

    /// <summary>Whether the policy passed the request on towards the server (it may have reached it).</summary>
    public bool Sent => Volatile.Read(ref _sent) != 0;

    /// <summary>The answer the policy read, once it has; owned by the caller that made the call.</summary>
    public PooledContent? Answer { get; set; }

    /// <summary>
    /// Whether the policy hands the answer on unread (<see cref="Stream"/>) for a reader that takes it as it arrives, a
    /// record at a time, instead of reading it whole within <see cref="MaxAnswerBytes"/>.
    /// </summary>
    public bool Streamed { get; init; }

    /// <summary>The streamed answer's body, once the policy accepted its status; released with the response.</summary>
    public Stream? Stream { get; set; }

    public long MaxAnswerBytes => Kind == HttpAnswerKind.Token ? Math.Min(Settings.MaxResponseBytes, MaxTokenAnswerBytes) : Settings.MaxResponseBytes;

    private string Prefix => $"{Settings.Transport} '{Method}'";

    /// <summary>Marks the attempt sent; <see langword="false"/> when it already was.</summary>
    public bool TryMarkSent() => Interlocked.Exchange(ref _sent, 1) == 0;

    /// <summary>Whether the policy hands an answer with this status on, instead of failing the attempt.</summary>
    public bool Accepts(int status, string? mediaType) => Kind switch
    {
        HttpAnswerKind.Soap => status is >= 200 and < 300 || (status == 500 && IsXml(mediaType)),
        HttpAnswerKind.Token => status is >= 200 and < 300 or 400 or 401,
        _ => status is >= 200 and < 300,
    };

    // SOAP 1.1 travels as text/xml only (protocol.md section 4); anything else is not an envelope.
    public static bool IsXml(string? mediaType) => string.Equals(mediaType, "text/xml", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// An HTTP status other than the ones the call accepts. The phrase printed is the standard one for the status, never
    /// the server's reason phrase: that is server text in an unknown encoding, which no gate can be sure to clean.
    /// </summary>
    public AfilnetTransportException HttpStatus(int status, string? excerpt, TimeSpan? retryAfter)
    {
        using var standard = new HttpResponseMessage((System.Net.HttpStatusCode)status);
        return new(
            $"{Prefix}: the server answered HTTP {status}{(standard.ReasonPhrase is { } phrase ? $" ({phrase})" : string.Empty)}{(excerpt is null ? "." : ": " + excerpt)}",
            TransportFailureReason.HttpStatus,
            Method,
            status)
        {
            RetryAfter = retryAfter,
        };
    }

    public AfilnetTransportException Redirected(int status, string target) => new(
        // Following would resend credentials to wherever the server points; report only status and host.
        $"{Prefix}: the server answered HTTP {status} redirecting to {Gate.Text(target, 100)}; redirects are not followed.",
        TransportFailureReason.Redirect, Method, status);

    public AfilnetTransportException FollowedRedirect(int status, string host) => new(
        $"{Prefix}: the HTTP handler followed a redirect to {Gate.Text(host, 100)} by itself; the answer is refused. " +
        "Give the SDK a handler whose AllowAutoRedirect is false (the SDK's own and AddAfilnetContacts' are).",
        TransportFailureReason.Redirect, Method, status);

    public AfilnetTransportException TooLarge(int status) => new(
        Kind == HttpAnswerKind.Token && MaxAnswerBytes < Settings.MaxResponseBytes
            ? $"{Prefix}: the answer is larger than a token answer may be ({MaxAnswerBytes} bytes)."
            : $"{Prefix}: the answer is larger than MaxResponseBytes ({MaxAnswerBytes} bytes).",
        TransportFailureReason.ResponseTooLarge, Method, status);

    /// <summary>A streamed answer whose one record (or value) outgrows the limit that bounds each.</summary>
    public AfilnetTransportException RecordTooLarge(int status) => new(
        $"{Prefix}: a record of the answer is larger than MaxResponseBytes ({Settings.MaxResponseBytes} bytes), which bounds each record of a streamed list.",
        TransportFailureReason.ResponseTooLarge, Method, status);

    public AfilnetTransportException TimedOut(Exception inner) => new(
        Streamed && Stream is not null
            ? $"{Prefix}: the answer stopped arriving for {Settings.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s."
            : $"{Prefix}: no complete answer within {Settings.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s.",
        TransportFailureReason.Timeout, Method, innerException: inner);

    public AfilnetTransportException ConnectionFailure(HttpRequestException ex, Uri? sentTo)
    {
        // A connection that was never established means the request never left: safe to send again, even a write.
        var neverSent = ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
            or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError;
        var where = sentTo is null ? "the server" : $"{sentTo.Host}:{sentTo.Port}";
        return new AfilnetTransportException(
            neverSent
                ? $"{Prefix}: could not connect to {where} ({ex.HttpRequestError})."
                : $"{Prefix}: the exchange with {where} failed ({ex.HttpRequestError}).",
            neverSent ? TransportFailureReason.ConnectionFailed : TransportFailureReason.ConnectionLost,
            Method,
            requestMayHaveReachedServer: !neverSent,
            innerException: ex);
    }

    public AfilnetTransportException BrokeWhileReading(Exception inner) => new(
        $"{Prefix}: the connection broke while reading the answer.", TransportFailureReason.ConnectionLost, Method, innerException: inner);

    public AfilnetTransportException ResendRefused() => new(
        $"{Prefix}: a handler around the SDK's HTTP client tried to send this attempt again; the SDK sends each attempt once " +
        "and refused. The first send may have reached the server. Remove resilience handlers from the SDK's client: the SDK retries by operation.",
        TransportFailureReason.ResendRefused, Method);

    public AfilnetProtocolException Unreadable(string problem, string? excerpt) => new(
        $"{Prefix}: the answer {problem}{(excerpt is null ? "." : ": " + excerpt)}", Method, excerpt);

    /// <summary>A failure the SDK did not raise itself, from a handler registered around the policy.</summary>
    public AfilnetTransportException Foreign(Exception ex) => new(
        $"{Prefix}: a handler around the SDK's HTTP client failed ({ex.GetType().Name}){(Sent ? "; the request may have reached the server." : " before the request was sent.")}",
        Sent ? TransportFailureReason.ConnectionLost : TransportFailureReason.ConnectionFailed,
        Method,
        requestMayHaveReachedServer: Sent);

    /// <summary>Retry-After as a delay from now; an unparseable header is ignored (HttpClient then exposes none).</summary>
    public TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - Settings.Time.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    /// <summary>The call a request carries, or a refusal when it carries none.</summary>
    public static HttpCall Of(HttpRequestMessage request) =>
        request is SdkRequestMessage { Call: { } carried } ? carried
        : request.Options.TryGetValue(Key, out var call)
            ? call
            : throw new AfilnetTransportException(
                "A request reached the SDK's HTTP policy without the SDK's call: it was built outside the SDK, or rebuilt by a " +
                "handler registered around the SDK's HTTP client. It was not sent.",
                TransportFailureReason.ResendRefused, method: null);
}
