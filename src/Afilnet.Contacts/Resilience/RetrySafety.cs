using Afilnet.Contacts.Requests;

namespace Afilnet.Contacts.Resilience;

/// <summary>
/// The one rule that decides whether a failed call may be sent again. It is decided by the OPERATION, not the HTTP
/// verb: under HttpGet every write travels as a GET, and resending <c>addcontact</c> would add the contact twice.
/// </summary>
internal static class RetrySafety
{
    /// <summary>
    /// <see langword="true"/> when the request provably never reached the server (any operation), or when a read met a
    /// transient fault (timeout, broken connection, 408/429/5xx gateway statuses, unreadable answer, a resend refused).
    /// A token request that failed is judged as a read, for any operation: without a token the call was never sent.
    /// Never for API errors, a refused client or token, bad input or cancellation.
    /// </summary>
    public static bool MaySendAgain(ApiOperation operation, Exception failure) => failure switch
    {
        AfilnetAuthenticationException { RequestMayHaveReachedServer: false, InnerException: { } tokenFailure } => IsTransient(tokenFailure),
        _ when !operation.IsRead => failure is AfilnetTransportException { RequestMayHaveReachedServer: false },
        _ => IsTransient(failure),
    };

    /// <summary>Whether a read that failed so may be sent again.</summary>
    private static bool IsTransient(Exception failure) => failure switch
    {
        AfilnetTransportException { RequestMayHaveReachedServer: false } => true,
        AfilnetTransportException transport => transport.Reason switch
        {
            TransportFailureReason.Timeout or TransportFailureReason.ConnectionLost or TransportFailureReason.ResendRefused => true,
            TransportFailureReason.HttpStatus => transport.StatusCode is 408 or 429 or 500 or 502 or 503 or 504,
            _ => false,
        },
        AfilnetProtocolException => true,
        _ => false,
    };
}
