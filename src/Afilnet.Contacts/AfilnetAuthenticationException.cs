namespace Afilnet.Contacts;

/// <summary>
/// No valid access could be had: the token endpoint refused the client or could not be used, or the API rejected
/// a freshly issued token. The SDK never sends an API call without a token instead.
/// </summary>
public sealed class AfilnetAuthenticationException : AfilnetException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened, free of secrets.</param>
    /// <param name="method">The wire method name of the call that needed the token.</param>
    /// <param name="oauthError">The RFC 6749 section 5.2 <c>error</c> code, for example <c>invalid_client</c>, when the server sent one.</param>
    /// <param name="statusCode">The HTTP status of the failed exchange, when one was received.</param>
    /// <param name="requestMayHaveReachedServer">Whether the API call itself may have reached the server.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public AfilnetAuthenticationException(
        string message,
        string? method,
        string? oauthError = null,
        int? statusCode = null,
        bool requestMayHaveReachedServer = false,
        Exception? innerException = null)
        : base(message, method, requestMayHaveReachedServer, innerException)
    {
        OAuthError = oauthError;
        StatusCode = statusCode;
    }

    /// <summary>The RFC 6749 section 5.2 error code (<c>invalid_client</c>, <c>unauthorized_client</c>, …) verbatim; <see langword="null"/> when none was sent.</summary>
    public string? OAuthError { get; }

    /// <summary>The HTTP status of the failed exchange (token endpoint or API), when one was received.</summary>
    public int? StatusCode { get; }
}
