namespace Afilnet.Contacts;

/// <summary>
/// The base of every error the SDK raises once a call has been accepted (bad arguments are refused earlier with
/// <see cref="ArgumentException"/>). Messages never hold a password, secret, token or Authorization header.
/// </summary>
public abstract class AfilnetException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened, free of secrets.</param>
    /// <param name="method">The wire method name of the call, for example <c>creategroup</c>.</param>
    /// <param name="requestMayHaveReachedServer">Whether the server may have received (and acted on) the request.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    protected AfilnetException(string message, string? method, bool requestMayHaveReachedServer, Exception? innerException)
        : base(message, innerException)
    {
        Method = method;
        RequestMayHaveReachedServer = requestMayHaveReachedServer;
    }

    /// <summary>The wire method name of the failed call (for example <c>addcontact</c>), when known.</summary>
    public string? Method { get; }

    /// <summary>
    /// Whether the server may have received the request. When <see langword="false"/> the request provably never left,
    /// so even a write can be sent again; when <see langword="true"/> a write's outcome is unknown.
    /// </summary>
    public bool RequestMayHaveReachedServer { get; }
}

/// <summary>The API answered <c>status=ERROR</c> with an error code.</summary>
public sealed class AfilnetApiException : AfilnetException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errorCode">The code, verbatim.</param>
    /// <param name="method">The wire method name.</param>
    public AfilnetApiException(ApiErrorCode errorCode, string method)
        : this(errorCode, method, Secrets.ServerTextGate.None.Code(errorCode.Value))
    {
    }

    /// <summary>The SDK's own: <paramref name="shownCode"/> is what its gate lets the message, logs and traces show.</summary>
    internal AfilnetApiException(ApiErrorCode errorCode, string method, string? shownCode)
        : base(
            $"Afilnet '{method}' failed with {(shownCode is null ? Secrets.ServerTextGate.Unrecognised("error code", errorCode.Value) : $"error {shownCode}{Describe(errorCode)}")}.",
            method,
            true,
            null)
    {
        ErrorCode = errorCode;
        ShownCode = shownCode;
    }

    /// <summary>
    /// The error code verbatim, for code to compare with the named values of <see cref="ApiErrorCode"/>. It is server
    /// text: the message quotes it only when it has the shape of a code (letters, digits and <c>_</c>) and holds no
    /// secret, so log <see cref="Exception.Message"/> rather than this value.
    /// </summary>
    public ApiErrorCode ErrorCode { get; }

    /// <summary>The code as the message shows it; <see langword="null"/> when it is not shown.</summary>
    internal string? ShownCode { get; }

    private static string Describe(ApiErrorCode code) => code.Value switch
    {
        "MISSING_USER" => ": the user was not included",
        "MISSING_PASSWORD" => ": the password was not included",
        "MISSING_CLASS" => ": the class was not included",
        "MISSING_METHOD" => ": the method was not included",
        "MISSING_COMPULSORY_PARAM" => ": a compulsory parameter was not included",
        "INCORRECT_USER_PASSWORD" => ": incorrect user or password",
        "INCORRECT_CLASS" => ": incorrect class",
        "INCORRECT_METHOD" => ": incorrect method",
        "INCORRECT_TYPE" => ": the group type must be mobile or email",
        "MISSING_MAIN_FIELD" => ": the fields lack the main field (mobile or email)",
        "NOT_ACCESS_TO_GROUP" => ": the account may not access this group",
        "NOT_ACCESS_TO_CONTACT" => ": the account may not access this contact",
        "CONTACT_EXISTS" => ": a contact with this main field already exists",
        "COUNTRY_NOT_FOUND" => ": unknown country code",
        _ => string.Empty,
    };
}

/// <summary>Why a request did not get a usable HTTP (or SOAP) exchange.</summary>
public enum TransportFailureReason
{
    /// <summary>No connection could be made; the request was never sent.</summary>
    ConnectionFailed,

    /// <summary>The connection broke after the request may have been sent, before a full answer arrived.</summary>
    ConnectionLost,

    /// <summary>No answer within the configured time.</summary>
    Timeout,

    /// <summary>The server answered with an HTTP status other than success.</summary>
    HttpStatus,

    /// <summary>The server answered with a redirect, which the SDK never follows (it would carry credentials elsewhere).</summary>
    Redirect,

    /// <summary>The answer was larger than the configured limit.</summary>
    ResponseTooLarge,

    /// <summary>
    /// A handler registered around the SDK's HTTP client tried to send the same attempt a second time (a host-wide
    /// resilience handler, say); the SDK sends each attempt once and refused. The first send's outcome is unknown.
    /// </summary>
    ResendRefused,
}

/// <summary>The request could not be exchanged with the server: connection, timeout, or an HTTP status other than success.</summary>
public sealed class AfilnetTransportException : AfilnetException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened, free of secrets.</param>
    /// <param name="reason">The kind of failure.</param>
    /// <param name="method">The wire method name.</param>
    /// <param name="statusCode">The HTTP status, when one was received.</param>
    /// <param name="requestMayHaveReachedServer">Whether the server may have received the request.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public AfilnetTransportException(
        string message,
        TransportFailureReason reason,
        string? method,
        int? statusCode = null,
        bool requestMayHaveReachedServer = true,
        Exception? innerException = null)
        : base(message, method, requestMayHaveReachedServer, innerException)
    {
        Reason = reason;
        StatusCode = statusCode;
    }

    /// <summary>The kind of failure.</summary>
    public TransportFailureReason Reason { get; }

    /// <summary>The HTTP status code, when the server answered with one.</summary>
    public int? StatusCode { get; }

    /// <summary>How long the server asked to wait (its <c>Retry-After</c> header) before trying again, when it said.</summary>
    public TimeSpan? RetryAfter { get; init; }
}

/// <summary>The server answered, but the answer could not be read as the protocol describes.</summary>
public sealed class AfilnetProtocolException : AfilnetException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was wrong, free of secrets.</param>
    /// <param name="method">The wire method name.</param>
    /// <param name="responseExcerpt">A short excerpt of the answer, scrubbed of known secrets.</param>
    /// <param name="innerException">The underlying parse failure, if any.</param>
    /// <param name="faultCode">The SOAP Fault's <c>faultcode</c>, when the answer was a Fault.</param>
    /// <param name="faultString">The SOAP Fault's <c>faultstring</c>, scrubbed of known secrets, when the answer was a Fault.</param>
    public AfilnetProtocolException(
        string message,
        string? method,
        string? responseExcerpt = null,
        Exception? innerException = null,
        string? faultCode = null,
        string? faultString = null)
        : base(message, method, true, innerException)
    {
        ResponseExcerpt = responseExcerpt;
        FaultCode = faultCode;
        FaultString = faultString;
    }

    /// <summary>A short excerpt of the unreadable answer, scrubbed of known secrets; <see langword="null"/> when empty.</summary>
    public string? ResponseExcerpt { get; }

    /// <summary>
    /// The <c>faultcode</c> of a SOAP Fault (the Soap transport only), for example <c>Server</c> or <c>Client</c>;
    /// <see langword="null"/> when the answer was not a Fault.
    /// </summary>
    public string? FaultCode { get; }

    /// <summary>
    /// The <c>faultstring</c> of a SOAP Fault (the Soap transport only), scrubbed of known secrets;
    /// <see langword="null"/> when the answer was not a Fault.
    /// </summary>
    public string? FaultString { get; }
}
